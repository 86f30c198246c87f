import ErasureCode
import FerryTestSupport
import Testing

/// One codec shared by many tasks (as a download pipeline would) stays correct while
/// its decode-plan cache is contended.
@Suite("shared codecs")
struct ConcurrencyTests {
    @Test("concurrent decodes with different share lists", arguments: ErasureCodecKind.allCases)
    func concurrentDecodes(kind: ErasureCodecKind) async throws {
        let codec = try TestData.codec(kind, k: 6, n: 14)
        let blockSize = 129
        var rng = SplitMix64(seed: 5)
        let input = TestData.randomBytes(6 * blockSize, using: &rng)
        let shares = try TestData.shares(codec, input, blockSize: blockSize)
        let idSets = (0..<8).map { _ in Array((0..<14).shuffled(using: &rng).prefix(6)) }
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for ids in idSets {
                group.addTask {
                    var failed = 0
                    for _ in 0..<25 {
                        let recovered = try TestData.decode(codec, shares: shares, ids: ids, blockSize: blockSize)
                        if recovered != input { failed += 1 }
                    }
                    return failed
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 0)
    }

    @Test("the factory honours an explicit choice, else FERRY_CODEC, else ISA-L")
    func factoryDefault() throws {
        let expected = try ErasureCodecKind.fromEnvironment() ?? ErasureCodecs.defaultKind
        #expect(try ErasureCodecs.make(k: 3, n: 10).kind == expected)
        #expect(ErasureCodecs.defaultKind == .isal)
        for kind in ErasureCodecKind.allCases {
            let codec = try ErasureCodecs.make(k: 3, n: 10, preferred: kind)
            #expect(codec.kind == kind && codec.k == 3 && codec.n == 10)
        }
    }
}
