import FerryCore
import Testing

@Suite struct Base32AndNetstringTests {
    @Test func rfc4648Vectors() throws {
        let vectors = ["": "", "f": "my", "fo": "mzxq", "foo": "mzxw6", "foob": "mzxw6yq", "fooba": "mzxw6ytb", "foobar": "mzxw6ytboi"]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(try Base32.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func roundTripsEveryLength() throws {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(try Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }

    @Test("non-canonical base32 is refused", arguments: ["MZXW6", "mzxw6=", "mzx", "mzxw1", "mzxw7", "my======", "mz", "a"])
    func rejects(_ text: String) {
        #expect(throws: CoreError.self) { try Base32.decode(text) }
    }

    @Test func netstrings() {
        #expect(Netstring.encode(Array("abc".utf8)) == Array("3:abc,".utf8))
        #expect(Netstring.encode([]) == Array("0:,".utf8))
        let bytes = Array("5:hello,0:,x".utf8)
        let first = Netstring.parse(bytes, at: 0)
        #expect(first.map { Array($0.payload) } == Array("hello".utf8))
        #expect(first?.next == 8)
        #expect(Netstring.parse(bytes, at: 8)?.payload.isEmpty == true)
        #expect(Netstring.parse(Array("5:hell,".utf8), at: 0) == nil)
        #expect(Netstring.parse(Array(":x,".utf8), at: 0) == nil)
        #expect(Netstring.parse(Array("3:abc".utf8), at: 0) == nil)
    }
}
