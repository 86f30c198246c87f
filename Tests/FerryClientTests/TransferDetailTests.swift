import FerryClient
import FerryCore
import Testing

/// What a new run's detail keeps from the last one.
struct TransferDetailTests {
    @Test func aNewRunKeepsTheOldFiguresOnlyForTheSameFile() {
        var earlier = TransferDetail(storageIndex: "aaaa", confirmed: 900, segmentsEncoded: 100, segmentCount: 100,
                                     servers: [ServerPart(name: "s0", shares: [0], done: 10, total: 10, state: .done)])
        earlier.encoding = EncodingParameters(needed: 3, happy: 5, total: 10)
        let resumed = TransferDetail(storageIndex: "aaaa").keeping(earlier)
        #expect(resumed.segmentsEncoded == 100 && resumed.servers.count == 1 && resumed.confirmed == 900, "the same upload resumed")
        let changed = TransferDetail(storageIndex: "bbbb").keeping(earlier)
        #expect(changed.segmentsEncoded == nil && changed.servers.isEmpty && changed.confirmed == nil && changed.encoding == nil,
                "another file's run keeps nothing of the old push")
        #expect(TransferDetail().keeping(earlier).storageIndex == "aaaa", "not keyed yet: the old figures stand")
    }
}
