import ErasureCode
import FerryCore
import FerryTestSupport
import Testing

/// The downloader's decoder checks each decoded segment against the crypttext tree and
/// hashes the blocks one by one only when that check fails, to find the share to set aside.
@Suite struct SegmentDecoderTests {
    static let parameters = EncodingParameters(needed: 3, happy: 7, total: 10, maxSegmentSize: 4096)
    static let plaintext = Plaintext.make(seed: "segment-decoder-tests", size: 30_000)
    static let key = Array(Plaintext.make(seed: "key", size: 16))
    static let encoded = try! MemoryEncoder.encode(plaintext: plaintext, key: key, parameters: parameters)

    func decoder(_ sources: [InMemoryShare]) throws -> SegmentDecoder {
        try SegmentDecoder(cap: Self.encoded.cap, sources: sources, codec: try ErasureCodecs.make(k: 3, n: 10))
    }

    func sources(replacing number: Int, with bytes: [UInt8]) -> [InMemoryShare] {
        (0..<5).map { InMemoryShare(shareNumber: $0, bytes: $0 == number ? bytes : Self.encoded.shares[$0]) }
    }

    /// Decodes every segment; a segment whose share was set aside is decoded again (the
    /// in-memory sources hold every block, so the replacement needs no fetching).
    /// With `prehashing`, segments go in windows of three hashed ahead, as a download does.
    func plaintextAndSetAside(_ decoder: inout SegmentDecoder, prehashing: Bool = false) throws -> ([UInt8], [Int]) {
        let cipher = try CTRCipher(key: Self.key)
        var output: [UInt8] = []
        var setAside: [Int] = []
        var flat = TaggedHasher(tag: HashTag.crypttext)
        for segment in 0..<decoder.geometry.segmentCount {
            while true {
                do {
                    if prehashing, segment % 3 == 0 { try decoder.prehash(Array(segment..<min(segment + 3, decoder.geometry.segmentCount))) }
                    let ciphertext = try decoder.decode(segment: segment, flat: &flat, hashFlat: false)
                    output += cipher.apply(ciphertext, atOffset: decoder.geometry.segmentOffset(segment))
                    break
                } catch CoreError.corruptShare(let number, _) {
                    setAside.append(number)
                } catch CoreError.badShare(let number, _) {
                    setAside.append(number)
                }
            }
        }
        return (output, setAside)
    }

    @Test(arguments: [false, true])
    func aCorruptBlockIsFoundWhenItsSegmentFailsAndItsShareSetAside(prehashing: Bool) throws {
        let layout = try ShareLayout(parsing: Self.encoded.shares[1], shareNumber: 1)
        var bad = Self.encoded.shares[1]
        // Segment 1's block: with prehashing, its window's other segments were hashed from
        // share 1 too, and decode from share 3 once it is set aside.
        bad[Int(layout.dataOffset) + 1 * Int(decoderGeometry.blockSize) + 17] ^= 0x40
        var decoder = try decoder(sources(replacing: 1, with: bad))
        let (output, setAside) = try plaintextAndSetAside(&decoder, prehashing: prehashing)
        #expect(output == Self.plaintext)
        #expect(setAside == [1], "share 1 is named, once")
        #expect(Set(decoder.report.badShares.keys) == [1])
        #expect(decoder.report.usedShares.contains(3), "share 3 took its place")
    }

    @Test func aSegmentHashedAheadIsNeverTakenForBlocksItWasNotMadeFrom() throws {
        // Window 0-2 is hashed from shares 0-2. Share 1's block of segment 1 is bad, so share 3
        // steps in, and its block of segment 2 is bad too: segment 2's hash made ahead (from
        // good blocks) must not vouch for what shares 0, 2 and 3 decode to.
        var shares = (0..<5).map { Self.encoded.shares[$0] }
        for (share, segment) in [(1, 1), (3, 2)] {
            let layout = try ShareLayout(parsing: shares[share], shareNumber: share)
            shares[share][Int(layout.dataOffset) + segment * Int(decoderGeometry.blockSize) + 5] ^= 0x01
        }
        var decoder = try decoder(shares.enumerated().map { InMemoryShare(shareNumber: $0.offset, bytes: $0.element) })
        let (output, setAside) = try plaintextAndSetAside(&decoder, prehashing: true)
        #expect(output == Self.plaintext)
        #expect(setAside == [1, 3])
    }

    /// A share that hands back a short block for one segment (a server cut the read short).
    struct ShortBlock: ShareSource {
        let base: InMemoryShare
        let at: UInt64
        var shareNumber: Int { base.shareNumber }
        func read(offset: UInt64, length: Int) throws -> [UInt8] {
            Array(try base.read(offset: offset, length: length).prefix(offset == at ? length / 2 : length))
        }
    }

    @Test(arguments: [false, true])
    func aShortBlockSetsItsShareAsideWhetherHashedAheadOrNot(prehashing: Bool) throws {
        let layout = try ShareLayout(parsing: Self.encoded.shares[2], shareNumber: 2)
        let short = ShortBlock(base: InMemoryShare(shareNumber: 2, bytes: Self.encoded.shares[2]),
                               at: layout.dataOffset + 4 * UInt64(decoderGeometry.blockSize))  // segment 4's block
        let sources: [any ShareSource] = (0..<5).map { $0 == 2 ? short as any ShareSource : InMemoryShare(shareNumber: $0, bytes: Self.encoded.shares[$0]) }
        var decoder = try SegmentDecoder(cap: Self.encoded.cap, sources: sources, codec: try ErasureCodecs.make(k: 3, n: 10))
        let (output, setAside) = try plaintextAndSetAside(&decoder, prehashing: prehashing)
        #expect(output == Self.plaintext)
        #expect(setAside == [2], "share 2 is named once, by the prehash or by the decode of segment 4")
        #expect(Set(decoder.report.badShares.keys) == [2])
    }

    @Test func aShareWhoseBlocksAreRightServesEvenWithADamagedBlockTreeLeaf() throws {
        // A block-tree leaf no check needs while the segments check out: the segment check
        // proves every byte decoded, so the share keeps serving (the whole-file decoder, which
        // verifies every block, sets such a share aside: DecodeTests).
        let layout = try ShareLayout(parsing: Self.encoded.shares[0], shareNumber: 0)
        var bad = Self.encoded.shares[0]
        bad[Int(layout.blockHashesOffset) + 9 * 32 + 1] ^= 0x01
        var decoder = try decoder(sources(replacing: 0, with: bad))
        let (output, setAside) = try plaintextAndSetAside(&decoder)
        #expect(output == Self.plaintext)
        #expect(setAside.isEmpty && decoder.report.usedShares == [0, 1, 2])
    }

    var decoderGeometry: FileGeometry { try! FileGeometry(fileSize: UInt64(Self.plaintext.count), parameters: Self.parameters) }
}
