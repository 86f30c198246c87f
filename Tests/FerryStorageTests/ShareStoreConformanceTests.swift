import FerryCore
import FerryStorage
import Testing

/// The behaviour every ``ShareStore`` must have, run against each implementation.
@Suite struct ShareStoreConformanceTests {
    typealias S = Sample

    @Test(arguments: StoreKind.allCases)
    func allocationIsIdempotentAndRespectsOtherUploads(_ kind: StoreKind) async throws {
        let store = try kind.make()
        let first = try await store.allocate(S.index, shares: [0, 1, 2], size: 1000, upload: S.secret, lease: S.lease)
        #expect(first == Allocation(alreadyHave: [], allocated: [0, 1, 2]))
        #expect(try await store.allocate(S.index, shares: [0, 1, 2], size: 1000, upload: S.secret, lease: S.lease) == first)
        let other = try await store.allocate(S.index, shares: [1, 2, 3], size: 1000, upload: S.otherSecret, lease: S.lease)
        #expect(other == Allocation(alreadyHave: [], allocated: [3]), "shares 1 and 2 belong to another upload")
        _ = try await store.write(S.index, share: 0, at: 0, S.data, upload: S.secret)
        let after = try await store.allocate(S.index, shares: [0, 1], size: 1000, upload: S.otherSecret, lease: S.otherLease)
        #expect(after == Allocation(alreadyHave: [0], allocated: []))
        #expect(try await store.shares(of: S.index) == [0])
        #expect(try await store.shares(of: S.other).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func writesReportRequiredRangesAndComplete(_ kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.allocate(S.index, shares: [5], size: 1000, upload: S.secret, lease: S.lease)
        #expect(try await store.write(S.index, share: 5, at: 100, Array(S.data[100..<300]), upload: S.secret)
            == .partial(required: [0..<100, 300..<1000]))
        #expect(try await store.write(S.index, share: 5, at: 900, Array(S.data[900...]), upload: S.secret)
            == .partial(required: [0..<100, 300..<900]))
        #expect(try await store.shares(of: S.index).isEmpty, "incomplete shares are not listed")
        await expectError("storage.not_found") { _ = try await store.read(S.index, share: 5, at: 0, length: 10) }
        #expect(try await store.write(S.index, share: 5, at: 0, Array(S.data[0..<900]), upload: S.secret) == .complete)
        #expect(try await store.shares(of: S.index) == [5])
        #expect(try await store.read(S.index, share: 5, at: 0, length: 1000) == S.data)
        #expect(try await store.read(S.index, share: 5, at: 990, length: 100) == Array(S.data[990...]), "reads past the end are shortened")
        #expect(try await store.read(S.index, share: 5, at: 1000, length: 10).isEmpty)
        #expect(try await store.read(S.index, share: 5, at: 5000, length: 10).isEmpty)
        #expect(try await store.length(S.index, share: 5) == 1000)
        await expectError("storage.not_found") { _ = try await store.write(S.index, share: 5, at: 0, [1], upload: S.secret) }
    }

    @Test(arguments: StoreKind.allCases)
    func rewritesMustMatch(_ kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.allocate(S.index, shares: [0], size: 1000, upload: S.secret, lease: S.lease)
        _ = try await store.write(S.index, share: 0, at: 0, Array(S.data[0..<500]), upload: S.secret)
        #expect(try await store.write(S.index, share: 0, at: 400, Array(S.data[400..<600]), upload: S.secret) == .partial(required: [600..<1000]))
        var changed = Array(S.data[450..<700])
        changed[10] ^= 1
        await expectError("storage.conflict") { _ = try await store.write(S.index, share: 0, at: 450, changed, upload: S.secret) }
        #expect(try await store.write(S.index, share: 0, at: 600, Array(S.data[600...]), upload: S.secret) == .complete)
        #expect(try await store.read(S.index, share: 0, at: 0, length: 1000) == S.data, "the conflicting write left nothing behind")
    }

    @Test(arguments: StoreKind.allCases)
    func stagedWritesCountAndAreCheckedLikeDurableOnes(_ kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.allocate(S.index, shares: [0], size: 1000, upload: S.secret, lease: S.lease)
        #expect(try await store.write(S.index, share: 0, at: 0, Array(S.data[0..<400]), upload: S.secret, durable: false)
            == .partial(required: [400..<1000]))
        var changed = Array(S.data[300..<500])
        changed[0] ^= 1
        await expectError("storage.conflict") { // staged bytes are compared like durable ones
            _ = try await store.write(S.index, share: 0, at: 300, changed, upload: S.secret, durable: false)
        }
        #expect(try await store.write(S.index, share: 0, at: 400, [], upload: S.secret) == .partial(required: [400..<1000]))
        #expect(try await store.write(S.index, share: 0, at: 400, Array(S.data[400...]), upload: S.secret, durable: false) == .complete)
        #expect(try await store.read(S.index, share: 0, at: 0, length: 1000) == S.data)
        await expectError("storage.not_found") { _ = try await store.write(S.index, share: 0, at: 0, [], upload: S.secret) }
    }

    @Test(arguments: StoreKind.allCases)
    func badWritesAreRefused(_ kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.allocate(S.index, shares: [0], size: 1000, upload: S.secret, lease: S.lease)
        await expectError("storage.unauthorized") { _ = try await store.write(S.index, share: 0, at: 0, [1], upload: S.otherSecret) }
        await expectError("storage.not_found") { _ = try await store.write(S.index, share: 1, at: 0, [1], upload: S.secret) }
        await expectError("storage.not_found") { _ = try await store.write(S.other, share: 0, at: 0, [1], upload: S.secret) }
        await expectError("storage.range_not_satisfiable") { _ = try await store.write(S.index, share: 0, at: 990, Array(S.data[0..<20]), upload: S.secret) }
        await expectError("storage.range_not_satisfiable") { _ = try await store.write(S.index, share: 0, at: .max, [1], upload: S.secret) }
        await expectError("storage.bad_request") { _ = try await store.allocate(S.index, shares: [256], size: 10, upload: S.secret, lease: S.lease) }
        await expectError("storage.bad_request") { _ = try await store.allocate(S.index, shares: [-1], size: 10, upload: S.secret, lease: S.lease) }
        await expectError("storage.bad_request") { _ = try await store.read(S.index, share: 300, at: 0, length: 1) }
    }

    @Test(arguments: StoreKind.allCases)
    func abortForgetsTheUpload(_ kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.allocate(S.index, shares: [0, 1], size: 1000, upload: S.secret, lease: S.lease)
        _ = try await store.write(S.index, share: 0, at: 0, Array(S.data[0..<100]), upload: S.secret)
        await expectError("storage.unauthorized") { try await store.abort(S.index, share: 0, upload: S.otherSecret) }
        try await store.abort(S.index, share: 0, upload: S.secret)
        await expectError("storage.not_found") { try await store.abort(S.index, share: 0, upload: S.secret) }
        await expectError("storage.not_found") { _ = try await store.write(S.index, share: 0, at: 0, [1], upload: S.secret) }
        #expect(try await store.allocate(S.index, shares: [0], size: 1000, upload: S.otherSecret, lease: S.lease).allocated == [0])
        let different = S.data.map { $0 ^ 0xff }
        #expect(try await store.write(S.index, share: 0, at: 0, different, upload: S.otherSecret) == .complete,
                "nothing of the aborted upload remains to conflict with")
        _ = try await store.write(S.index, share: 1, at: 0, S.data, upload: S.secret)
        await expectError("storage.not_allowed") { try await store.abort(S.index, share: 1, upload: S.secret) }
    }

    @Test(arguments: StoreKind.allCases)
    func sizeAndSpaceLimits(_ kind: StoreKind) async throws {
        let limited = try kind.make(limit: 500)
        await expectError("storage.too_large") { _ = try await limited.allocate(S.index, shares: [0], size: 501, upload: S.secret, lease: S.lease) }
        #expect(try await limited.allocate(S.index, shares: [0], size: 500, upload: S.secret, lease: S.lease).allocated == [0])
        let tight = try kind.make(tight: true)
        await expectError("storage.insufficient_storage") {
            _ = try await tight.allocate(S.index, shares: [0, 1, 2], size: 1_000_000, upload: S.secret, lease: S.lease)
        }
        #expect(try await tight.shares(of: S.index).isEmpty)
    }

    /// A store with room for some of the shares asked for takes those, lowest numbers first,
    /// and leaves the rest out of its answer (it refused all: operator test); with room for
    /// none, and nothing else to grant, it refuses (507). Finished shares count against it.
    @Test(arguments: StoreKind.allCases)
    func roomForSomeSharesAllocatesThose(_ kind: StoreKind) async throws {
        let store = try kind.make(room: 2500)
        let first = try await store.allocate(S.index, shares: [3, 0, 2, 1], size: 1000, upload: S.secret, lease: S.lease)
        #expect(first == Allocation(alreadyHave: [], allocated: [0, 1]))
        #expect(try await store.capacity().availableSpace == 500)
        await expectError("storage.insufficient_storage") {
            _ = try await store.allocate(S.index, shares: [2, 3], size: 1000, upload: S.secret, lease: S.lease)
        }
        // What it already has is granted beside a refusal of the rest.
        #expect(try await store.allocate(S.index, shares: [0, 2], size: 1000, upload: S.secret, lease: S.lease)
                == Allocation(alreadyHave: [], allocated: [0]))
        #expect(try await store.write(S.index, share: 0, at: 0, S.data, upload: S.secret) == .complete)
        #expect(try await store.allocate(S.index, shares: [0, 2], size: 1000, upload: S.secret, lease: S.lease)
                == Allocation(alreadyHave: [0], allocated: []))
        #expect(try await store.capacity().availableSpace == 500, "the finished share still takes its room")
        try await store.abort(S.index, share: 1, upload: S.secret)
        #expect(try await store.capacity().availableSpace == 1500)
    }

    @Test(arguments: StoreKind.allCases)
    func leasesAndCorruptionAdvisories(_ kind: StoreKind) async throws {
        let store = try kind.make()
        await expectError("storage.not_found") { try await store.renewLease(S.index, lease: S.lease) }
        _ = try await store.allocate(S.index, shares: [0], size: 1000, upload: S.secret, lease: S.lease)
        await expectError("storage.not_found") { try await store.renewLease(S.index, lease: S.lease) }
        _ = try await store.write(S.index, share: 0, at: 0, S.data, upload: S.secret)
        try await store.renewLease(S.index, lease: S.otherLease)
        await expectError("storage.not_found") { try await store.adviseCorrupt(S.index, share: 1, reason: "no such share") }
        try await store.adviseCorrupt(S.index, share: 0, reason: "block 3 hash mismatch")
    }
}

extension ShareStoreConformanceTests {
    /// An incoming share no one allocates or writes for 30 minutes is abandoned, as Tahoe's
    /// servers do: an uploader that never came back held its space for ever (operator test).
    /// Writing or allocating again (resuming) counts as a touch; finished shares stay.
    @Test(arguments: StoreKind.allCases)
    func incomingSharesIdleForHalfAnHourAreAbandoned(_ kind: StoreKind) async throws {
        let clock = TestClock(1_000_000)
        let store = try kind.make(room: 10_000, now: clock.now)
        _ = try await store.allocate(S.index, shares: [0, 1, 2], size: 1000, upload: S.secret, lease: S.lease)
        _ = try await store.write(S.index, share: 0, at: 0, Array(S.data[0..<100]), upload: S.secret)
        #expect(try await store.capacity().availableSpace == 7000)
        clock.advance(by: 20 * 60)
        _ = try await store.write(S.index, share: 0, at: 100, Array(S.data[100..<200]), upload: S.secret)
        _ = try await store.allocate(S.index, shares: [1], size: 1000, upload: S.secret, lease: S.lease)
        _ = try await store.write(S.index, share: 2, at: 0, S.data, upload: S.secret)  // finished
        clock.advance(by: 10 * 60 + 1)  // half an hour after the allocation: both were touched since
        #expect(try await store.abandonIdle() == 0, "nothing is idle for 30 minutes yet")
        clock.advance(by: 20 * 60 - 1)
        #expect(try await store.abandonIdle() == 2)
        #expect(try await store.capacity().availableSpace == 9000, "only the finished share still takes room")
        await expectError("storage.not_found") { _ = try await store.write(S.index, share: 0, at: 200, [1], upload: S.secret) }
        #expect(try await store.shares(of: S.index) == [2])
        #expect(try await store.allocate(S.index, shares: [0, 1], size: 1000, upload: S.otherSecret, lease: S.lease).allocated == [0, 1],
                "their numbers are free for anyone again")
    }
}
