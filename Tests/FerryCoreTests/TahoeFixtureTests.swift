import ErasureCode
import FerryCore
import FerryTestSupport
import Testing

/// Ferry's encoder against shares and caps produced by real Tahoe-LAFS 1.20.
@Suite struct TahoeFixtureTests {
    static let secret = try! ConvergenceSecret(base32: CHKFixtures.shared.convergence_secret_base32)

    static func parameters(_ fixture: CHKFixtures.Case) -> EncodingParameters {
        EncodingParameters(needed: fixture.k!, happy: fixture.happy!, total: fixture.n!, maxSegmentSize: fixture.max_segment_size!)
    }

    @Test("literal caps match Tahoe", arguments: CHKFixtures.litCases)
    func literal(_ fixture: CHKFixtures.Case) throws {
        #expect(LiteralCap(data: fixture.plaintext).description == fixture.cap)
        #expect(try LiteralCap(parsing: fixture.cap).data == fixture.plaintext)
    }

    @Test("convergent key, storage index, segment size and UEB match Tahoe", arguments: CHKFixtures.chkCases)
    func metadata(_ fixture: CHKFixtures.Case) throws {
        let parameters = Self.parameters(fixture)
        let key = try MemoryEncoder.convergentKey(fixture.plaintext, parameters: parameters, secret: Self.secret)
        #expect(Hex.encode(key) == fixture.key_hex)
        #expect(StorageIndex(key: key).base32 == fixture.storage_index)
        #expect(parameters.segmentSize(forFileSize: fixture.size) == fixture.segment_size)
        let ueb = try URIExtension(parsing: Hex.decode(fixture.uri_extension_hex!))
        #expect(ueb.serialized() == Hex.decode(fixture.uri_extension_hex!))
        #expect(ueb.numSegments == fixture.num_segments)
        let cap = try CHKReadCap(parsing: fixture.cap)
        #expect(cap.description == fixture.cap)
        #expect(cap.verifyCap.description == fixture.verify_cap)
        #expect(cap.uriExtensionHash == ueb.hash)
    }

    @Test("every share byte-identical to Tahoe's (ISA-L codec)", arguments: CHKFixtures.chkCases)
    func sharesISAL(_ fixture: CHKFixtures.Case) throws { try checkShares(fixture, codec: .isal) }

    @Test("every share byte-identical to Tahoe's (Swift codec)", arguments: CHKFixtures.chkCases.filter { $0.size < 2_000_000 })
    func sharesSwift(_ fixture: CHKFixtures.Case) throws { try checkShares(fixture, codec: .swift) }

    private func checkShares(_ fixture: CHKFixtures.Case, codec: ErasureCodecKind) throws {
        let parameters = Self.parameters(fixture)
        let key = try MemoryEncoder.convergentKey(fixture.plaintext, parameters: parameters, secret: Self.secret)
        let (cap, shares) = try MemoryEncoder.encode(plaintext: fixture.plaintext, key: key, parameters: parameters,
                                                     codecKind: codec, forceV2: fixture.layout_version == 2)
        #expect(cap.description == fixture.cap)
        let expected = fixture.shares!
        try #require(shares.count == expected.count)
        for share in expected {
            let mine = shares[share.shnum]
            #expect(mine.count == share.length, "share \(share.shnum) length")
            if let theirs = CHKFixtures.shareBytes(share) {
                #expect(mine == theirs, "share \(share.shnum) bytes")
            }
            #expect(Hex.sha256(mine) == share.sha256, "share \(share.shnum) sha256")
        }
        // Read them back (both layouts) from the last k shares, i.e. through parity when N > k.
        let sources = (parameters.total - parameters.needed..<parameters.total).map { InMemoryShare(shareNumber: $0, bytes: shares[$0]) }
        var output: [UInt8] = []
        let codecInstance = try ErasureCodecs.make(codec, k: parameters.needed, n: parameters.total)
        _ = try CHKDecoder(cap: cap).decode(sources: sources, codec: codecInstance) { _, bytes in output += bytes }
        #expect(output == fixture.plaintext)
    }

    @Test("decoding Tahoe's own share files gives back the plaintext", arguments: CHKFixtures.chkCases.filter { $0.shares!.allSatisfy { $0.file != nil } })
    func decodeTahoeShares(_ fixture: CHKFixtures.Case) throws {
        let cap = try CHKReadCap(parsing: fixture.cap)
        let sources = fixture.shares!.suffix(cap.needed).map { InMemoryShare(shareNumber: $0.shnum, bytes: CHKFixtures.shareBytes($0)!) }
        var output: [UInt8] = []
        let codec = try ErasureCodecs.make(k: cap.needed, n: cap.total)
        let report = try CHKDecoder(cap: cap).decode(sources: sources, codec: codec) { offset, bytes in
            #expect(Int(offset) == output.count)
            output += bytes
        }
        #expect(output == fixture.plaintext)
        #expect(report.badShares.isEmpty)
    }
}
