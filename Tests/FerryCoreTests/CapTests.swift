import FerryCore
import Testing

@Suite struct CapTests {
    static let good = "URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:1:1:56"

    @Test func parsesAndFormats() throws {
        let cap = try CHKReadCap(parsing: Self.good)
        #expect(cap.description == Self.good)
        #expect(cap.needed == 1 && cap.total == 1 && cap.size == 56)
        #expect(try Cap(parsing: "  \(Self.good)\n") == .chk(cap))
        let verify = cap.verifyCap
        #expect(try CHKVerifyCap(parsing: verify.description) == verify)
        #expect(try Cap(parsing: "URI:LIT:nbswy3dp") == .literal(LiteralCap(data: Array("hello".utf8))))
    }

    /// Each malformed cap must be refused naming the field at fault.
    @Test("malformed caps name the bad field", arguments: [
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:1:1", "structure"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:1:1:56:9", "structure"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:1:1:56", "key"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4r:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:1:1:56", "key"),
        ("URI:CHK:5KYKDJNKT6JBLP4SDKDHVXZT4Q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:1:1:56", "key"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjob:1:1:56", "UEB hash"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrj:1:1:56", "UEB hash"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:0:1:56", "k"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:4:3:56", "k"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:-1:3:56", "k"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:3:257:56", "N"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:3:x:56", "N"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:3:10:0", "size"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:3:10:+5", "size"),
        ("URI:CHK:5kykdjnkt6jblp4sdkdhvxzt4q:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:3:10:99999999999999999999999", "size"),
        ("URI:CHK-Verifier:5kykdjnkt6jblp4sdkdhvxzt4:3nh66awrpltm3odamfpktam6gc6tlilhji5sdgkckdo2hflbrjoa:1:1:56", "storage index"),
        ("URI:LIT:nbswy3d", "data"),
        ("URI:SSK:abc:def", "prefix"),
        ("", "prefix"),
    ])
    func malformed(_ text: String, field: String) {
        #expect {
            _ = try Cap(parsing: text)
        } throws: { error in
            guard case CoreError.badCap(let got, _) = error else { return false }
            return got == field
        }
    }
}
