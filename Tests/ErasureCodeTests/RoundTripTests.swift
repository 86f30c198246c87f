import ErasureCode
import FerryTestSupport
import Testing

/// Encode, drop shares, decode: every k-subset for small codes, random ones for big codes.
@Suite("round trips")
struct RoundTripTests {
    static let exhaustive: [(k: Int, n: Int)] =
        (1...8).flatMap { n in (1...n).map { (k: $0, n: n) } } + [(3, 10), (5, 10), (4, 12)]

    @Test("every k-subset of shares decodes, in shuffled order", arguments: ErasureCodecKind.allCases)
    func everySubset(kind: ErasureCodecKind) throws {
        var rng = SplitMix64(seed: 7)
        for (k, n) in Self.exhaustive {
            let codec = try TestData.codec(kind, k: k, n: n)
            let blockSize = 13
            let input = TestData.randomBytes(k * blockSize, using: &rng)
            let shares = try TestData.shares(codec, input, blockSize: blockSize)
            for mask in 0..<(1 << n) where mask.nonzeroBitCount == k {
                let ids = (0..<n).filter { mask & (1 << $0) != 0 }.shuffled(using: &rng)
                let recovered = try TestData.decode(codec, shares: shares, ids: ids, blockSize: blockSize)
                #expect(recovered == input, "k=\(k) n=\(n) ids=\(ids)")
            }
        }
    }

    @Test("random subsets of large codes decode", arguments: ErasureCodecKind.allCases, [(25, 100), (128, 256)])
    func randomSubsets(kind: ErasureCodecKind, code: (Int, Int)) throws {
        let (k, n) = code
        var rng = SplitMix64(seed: UInt64(k * 1000 + n))
        let codec = try TestData.codec(kind, k: k, n: n)
        let blockSize = 67
        let input = TestData.randomBytes(k * blockSize, using: &rng)
        let shares = try TestData.shares(codec, input, blockSize: blockSize)
        var subsets = [Array(0..<k), Array((n - k)..<n), Array((n - k)..<n).reversed()]
        for _ in 0..<6 { subsets.append(Array((0..<n).shuffled(using: &rng).prefix(k))) }
        for ids in subsets {
            let recovered = try TestData.decode(codec, shares: shares, ids: ids, blockSize: blockSize)
            #expect(recovered == input, "k=\(k) n=\(n) ids=\(ids)")
        }
    }

    @Test("repeated decodes with the same or alternating ids stay correct", arguments: ErasureCodecKind.allCases)
    func cachedPlans(kind: ErasureCodecKind) throws {
        var rng = SplitMix64(seed: 99)
        let codec = try TestData.codec(kind, k: 4, n: 9)
        let idSets = [[8, 1, 6, 5], [8, 1, 6, 5], [0, 7, 2, 4], [8, 1, 6, 5], [5, 6, 7, 8]]
        for (round, ids) in idSets.enumerated() {
            let blockSize = 40 + round
            let input = TestData.randomBytes(4 * blockSize, using: &rng)
            let shares = try TestData.shares(codec, input, blockSize: blockSize)
            #expect(try TestData.decode(codec, shares: shares, ids: ids, blockSize: blockSize) == input)
        }
    }

    @Test("block sizes 0 and 1 work", arguments: ErasureCodecKind.allCases, [0, 1])
    func tinyBlocks(kind: ErasureCodecKind, blockSize: Int) throws {
        let codec = try TestData.codec(kind, k: 3, n: 7)
        let input = (0..<(3 * blockSize)).map { UInt8($0 + 1) }
        let shares = try TestData.shares(codec, input, blockSize: blockSize)
        #expect(shares.count == 7 && shares.allSatisfy { $0.count == blockSize })
        #expect(try TestData.decode(codec, shares: shares, ids: [6, 4, 1], blockSize: blockSize) == input)
        #expect(try codec.encode(blocks: [[UInt8]](repeating: [], count: 3)) == [[UInt8]](repeating: [], count: 4))
    }
}
