import ErasureCode
import FerryCore
import FerryTestSupport
import Testing

@Suite struct DecodeTests {
    static let parameters = EncodingParameters(needed: 3, happy: 7, total: 10, maxSegmentSize: 4096)
    static let plaintext = Plaintext.make(seed: "decode-tests", size: 50_000)
    static let key = Array(Plaintext.make(seed: "key", size: 16))
    static let encoded = try! MemoryEncoder.encode(plaintext: plaintext, key: key, parameters: parameters)

    func decode(_ sources: [InMemoryShare], cap: CHKReadCap = encoded.cap, codec: ErasureCodecKind = .isal) throws -> ([UInt8], DecodeReport) {
        var output = [UInt8](repeating: 0, count: Int(cap.size))
        let report = try CHKDecoder(cap: cap).decode(sources: sources, codec: try ErasureCodecs.make(k: cap.needed, n: cap.total, preferred: codec)) {
            offset, bytes in output.replaceSubrange(Int(offset)..<Int(offset) + bytes.count, with: bytes)
        }
        return (output, report)
    }

    func shares(_ numbers: [Int]) -> [InMemoryShare] {
        numbers.map { InMemoryShare(shareNumber: $0, bytes: Self.encoded.shares[$0]) }
    }

    @Test("any 3 of 10 shares decode", arguments: [[0, 1, 2], [7, 8, 9], [0, 5, 9], [2, 4, 6], [9, 3, 1]])
    func anySubset(_ numbers: [Int]) throws {
        for codec in [ErasureCodecKind.isal, .swift] {
            let (output, report) = try decode(shares(numbers), codec: codec)
            #expect(output == Self.plaintext)
            #expect(report.usedShares == Set(numbers))
        }
    }

    @Test func verifyCapChecksCiphertext() throws {
        var ciphertext: [UInt8] = []
        let cap = Self.encoded.cap
        _ = try CHKDecoder(verifyCap: cap.verifyCap).decode(sources: shares([4, 5, 6]), codec: try ErasureCodecs.make(k: 3, n: 10)) { _, bytes in
            ciphertext += bytes
        }
        #expect(ciphertext == (try CTRCipher(key: Self.key)).apply(Self.plaintext, atOffset: 0))
    }

    /// Regions of share 0 that a reader depends on, as (name, offset) pairs.
    static let corruptionSpots: [(String, Int)] = {
        let layout = try! ShareLayout(parsing: encoded.shares[0], shareNumber: 0)
        return [
            ("offset table", 0x14), ("first block", Int(layout.dataOffset) + 40), ("later block", Int(layout.dataOffset) + 5000),
            ("crypttext tree", Int(layout.crypttextHashTreeOffset) + 2 * 32 + 3), ("block tree root", Int(layout.blockHashesOffset) + 7),
            ("block tree leaf", Int(layout.blockHashesOffset) + 20 * 32 + 1), ("share hash chain", Int(layout.shareHashesOffset) + 9),
            ("UEB", Int(layout.uriExtensionOffset) + 30),
        ]
    }()

    @Test("a corrupt byte in any region a reader uses is caught and the share replaced", arguments: 0..<8)
    func corruptShareIsReplaced(_ spot: Int) throws {
        let (region, index) = Self.corruptionSpots[spot]
        var bad = Self.encoded.shares[0]
        bad[index] ^= 0x01
        let sources = [InMemoryShare(shareNumber: 0, bytes: bad)] + shares([1, 2, 3])
        let (output, report) = try decode(sources)
        #expect(output == Self.plaintext)
        #expect(Set(report.badShares.keys) == [0], "share 0 named as bad (\(region), byte \(index))")
    }

    @Test func tooFewGoodSharesIsAnError() throws {
        var bad = Self.encoded.shares[1]
        bad[0x24 + 100] ^= 0xff
        let sources = shares([0, 2]) + [InMemoryShare(shareNumber: 1, bytes: bad)]
        #expect {
            _ = try decode(sources)
        } throws: { error in
            guard case CoreError.notEnoughShares(let have, let need, let corrupt) = error else { return false }
            return have == 2 && need == 3 && corrupt == [1]
        }
    }

    @Test func truncatedAndMislabelledSharesAreRejected() throws {
        let truncated = InMemoryShare(shareNumber: 0, bytes: Array(Self.encoded.shares[0].prefix(3000)))
        let mislabelled = InMemoryShare(shareNumber: 5, bytes: Self.encoded.shares[6])
        let (output, report) = try decode([truncated, mislabelled] + shares([7, 8, 9]))
        #expect(output == Self.plaintext)
        #expect(Set(report.badShares.keys) == [0, 5])
    }

    @Test func capFromAnotherFileFindsNoMatchingShares() throws {
        let other = try MemoryEncoder.encode(plaintext: Array(Self.plaintext.reversed()), key: Self.key, parameters: Self.parameters).cap
        #expect(throws: CoreError.self) { _ = try decode(shares([0, 1, 2, 3]), cap: other) }
        let wrongSize = CHKReadCap(key: Self.key, uriExtensionHash: Self.encoded.cap.uriExtensionHash, needed: 3, total: 10, size: 49_999)
        #expect(throws: CoreError.self) { _ = try decode(shares([0, 1, 2]), cap: wrongSize) }
    }

    @Test func encoderRefusesWrongSegmentLengths() throws {
        let codec = try ErasureCodecs.make(k: 3, n: 10)
        var encoder = try CHKEncoder(fileSize: 10_000, parameters: Self.parameters, codec: codec)
        let short = [UInt8](repeating: 1, count: 100)
        #expect(throws: CoreError.self) { try short.withUnsafeBytes { try encoder.encodeSegment($0) { _, _, _ in } } }
        #expect(throws: CoreError.self) { _ = try encoder.finish() }
        #expect(throws: CoreError.self) { _ = try CHKEncoder(fileSize: 100, parameters: Self.parameters, codec: try ErasureCodecs.make(k: 2, n: 10)) }
    }
}
