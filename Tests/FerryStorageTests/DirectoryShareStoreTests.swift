import FerryCore
import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// What only a store on disk must do: survive restarts and crash leftovers.
@Suite struct DirectoryShareStoreTests {
    typealias S = Sample
    let directory = TemporaryDirectory("ferry-dirstore-")
    var root: String { directory.path }

    func open() throws -> DirectoryShareStore { try DirectoryShareStore(root: root, now: StoreKind.clock) }

    @Test func incomingSharesSurviveARestartAndResume() async throws {
        do {
            let store = try open()
            _ = try await store.allocate(S.index, shares: [0, 1], size: 1000, upload: S.secret, lease: S.lease)
            _ = try await store.write(S.index, share: 0, at: 0, Array(S.data[0..<300]), upload: S.secret)
            _ = try await store.write(S.index, share: 0, at: 600, Array(S.data[600..<700]), upload: S.secret)
        }
        let reopened = try open()
        #expect(try await reopened.allocate(S.index, shares: [0, 1], size: 1000, upload: S.otherSecret, lease: S.lease).allocated.isEmpty,
                "another upload cannot take over kept shares")
        #expect(try await reopened.allocate(S.index, shares: [0, 1], size: 1000, upload: S.secret, lease: S.lease).allocated == [0, 1])
        #expect(try await reopened.write(S.index, share: 0, at: 0, [S.data[0]], upload: S.secret) == .partial(required: [300..<600, 700..<1000]),
                "a one-byte rewrite learns what is still required")
        var wrong = Array(S.data[250..<350])
        wrong[0] ^= 1
        await expectError("storage.conflict") { _ = try await reopened.write(S.index, share: 0, at: 250, wrong, upload: S.secret) }
        _ = try await reopened.write(S.index, share: 0, at: 300, Array(S.data[300..<600]), upload: S.secret)
        #expect(try await reopened.write(S.index, share: 0, at: 700, Array(S.data[700...]), upload: S.secret) == .complete)
        #expect(try await reopened.read(S.index, share: 0, at: 0, length: 1000) == S.data)
        #expect(try await open().shares(of: S.index) == [0])
        #expect(try await open().leases(S.index)[S.lease.renewDigest] == StoreKind.clock() + UploadRules.leaseDuration)
    }

    @Test func stagedWritesAreForgottenByARestartUntilCommitted() async throws {
        do {
            let store = try open()
            _ = try await store.allocate(S.index, shares: [0, 1], size: 1000, upload: S.secret, lease: S.lease)
            _ = try await store.write(S.index, share: 0, at: 0, Array(S.data[0..<200]), upload: S.secret, durable: false)
            _ = try await store.write(S.index, share: 0, at: 200, Array(S.data[200..<300]), upload: S.secret, durable: false)
            #expect(try await store.write(S.index, share: 0, at: 300, [], upload: S.secret) == .partial(required: [300..<1000]),
                    "an empty durable write commits what was staged")
            _ = try await store.write(S.index, share: 0, at: 500, Array(S.data[500..<600]), upload: S.secret, durable: false)
            _ = try await store.write(S.index, share: 1, at: 0, Array(S.data[0..<400]), upload: S.secret, durable: false)
        }
        let reopened = try open()
        _ = try await reopened.allocate(S.index, shares: [0, 1], size: 1000, upload: S.secret, lease: S.lease)
        #expect(try await reopened.write(S.index, share: 0, at: 0, [S.data[0]], upload: S.secret) == .partial(required: [300..<1000]),
                "committed pieces are kept, the uncommitted one is required again")
        #expect(try await reopened.write(S.index, share: 1, at: 0, [S.data[0]], upload: S.secret) == .partial(required: [1..<1000]))
        var different = Array(S.data[500..<600])
        different[5] ^= 0xff
        #expect(try await reopened.write(S.index, share: 0, at: 500, different, upload: S.secret) == .partial(required: [300..<500, 600..<1000]),
                "bytes never committed do not conflict with a rewrite")
        #expect(try await reopened.write(S.index, share: 0, at: 300, Array(S.data[300..<500]), upload: S.secret, durable: false)
            == .partial(required: [600..<1000]))
        #expect(try await reopened.write(S.index, share: 0, at: 600, Array(S.data[600...]), upload: S.secret, durable: false) == .complete,
                "a staged write that completes the share is made durable and completes it")
        var expected = S.data
        expected.replaceSubrange(500..<600, with: different)
        #expect(try await open().read(S.index, share: 0, at: 0, length: 1000) == expected)
    }

    /// A commit that fails forgets what was staged: Linux reports a lost write-back once, so
    /// a later commit's sync would vouch for bytes that never reached the disk. Here the
    /// range log cannot be opened (a directory in its place); afterwards the staged bytes are
    /// required again. And an incoming file gone from under its upload is not made again,
    /// empty (a completion would rename it over the share).
    @Test func aFailedCommitForgetsWhatWasStagedAndAVanishedFileIsNotMadeAgain() async throws {
        let store = try open()
        _ = try await store.allocate(S.index, shares: [0, 1], size: 1000, upload: S.secret, lease: S.lease)
        _ = try await store.write(S.index, share: 0, at: 0, Array(S.data[0..<100]), upload: S.secret)
        _ = try await store.write(S.index, share: 0, at: 100, Array(S.data[100..<300]), upload: S.secret, durable: false)
        let incoming = root + "/shares/incoming/" + String(S.index.base32.prefix(2)) + "/" + S.index.base32
        let files = FileManager.default
        try files.moveItem(atPath: incoming + "/0.ranges", toPath: incoming + "/0.saved")
        try files.createDirectory(atPath: incoming + "/0.ranges", withIntermediateDirectories: false)
        await expectError("storage.io") { _ = try await store.write(S.index, share: 0, at: 300, [], upload: S.secret) }
        try files.removeItem(atPath: incoming + "/0.ranges")
        try files.moveItem(atPath: incoming + "/0.saved", toPath: incoming + "/0.ranges")
        #expect(try await store.write(S.index, share: 0, at: 0, [S.data[0]], upload: S.secret) == .partial(required: [100..<1000]),
                "the bytes staged before the failed commit are required again")

        _ = try await store.write(S.index, share: 1, at: 0, Array(S.data[0..<500]), upload: S.secret)
        try files.removeItem(atPath: incoming + "/1")
        await expectError("storage.not_found") { _ = try await store.write(S.index, share: 1, at: 500, Array(S.data[500...]), upload: S.secret) }
        #expect(!files.fileExists(atPath: incoming + "/1") && !files.fileExists(atPath: root + "/shares/" + String(S.index.base32.prefix(2)) + "/" + S.index.base32 + "/1"),
                "no empty share file made, nothing put in place")
    }

    @Test func tornLogRecordsAndStaleLeftoversAreHandled() async throws {
        do {
            let store = try open()
            _ = try await store.allocate(S.index, shares: [0, 1], size: 1000, upload: S.secret, lease: S.lease)
            _ = try await store.write(S.index, share: 0, at: 0, Array(S.data[0..<100]), upload: S.secret)
            _ = try await store.write(S.index, share: 1, at: 0, S.data, upload: S.secret)
        }
        let incoming = root + "/shares/incoming/" + String(S.index.base32.prefix(2)) + "/" + S.index.base32
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: incoming + "/0.ranges"))
        try log.seekToEnd()
        try log.write(contentsOf: Data([0, 0, 0, 0, 0, 0, 0]))   // a record cut short by a crash
        try log.close()
        // A completed share whose bookkeeping a crash left behind.
        try Data("ferry-incoming 1\n1000\n".utf8).write(to: URL(fileURLWithPath: incoming + "/1.meta"))
        let reopened = try open()
        #expect(try await reopened.allocate(S.index, shares: [0, 1], size: 1000, upload: S.secret, lease: S.lease)
            == Allocation(alreadyHave: [1], allocated: [0]))
        #expect(try await reopened.write(S.index, share: 0, at: 100, Array(S.data[100...]), upload: S.secret) == .complete)
        #expect(!FileManager.default.fileExists(atPath: incoming + "/1.meta"))
        #expect(!FileManager.default.fileExists(atPath: incoming), "the empty incoming bucket is removed")
    }

    @Test func garbageInTheTreeIsIgnored() async throws {
        let store = try open()
        _ = try await store.allocate(S.index, shares: [0], size: 10, upload: S.secret, lease: S.lease)
        _ = try await store.write(S.index, share: 0, at: 0, Array(S.data[0..<10]), upload: S.secret)
        let bucket = root + "/shares/" + String(S.index.base32.prefix(2)) + "/" + S.index.base32
        for name in ["007", "256", "x", "1.tmp"] { try Data([1]).write(to: URL(fileURLWithPath: bucket + "/" + name)) }
        try FileManager.default.createDirectory(atPath: root + "/shares/incoming/zz/not-a-storage-index", withIntermediateDirectories: true)
        #expect(try await open().shares(of: S.index) == [0])
    }
}

extension DirectoryShareStoreTests {
    /// A size limit counts what is on disk when the store opens: finished shares (by their
    /// files) and incoming ones (by their records).
    @Test func aSizeLimitCountsSharesFoundAtARestart() async throws {
        let limited = { () throws -> DirectoryShareStore in try DirectoryShareStore(root: root, sizeLimit: 3500, now: StoreKind.clock) }
        do {
            let store = try limited()
            #expect(try await store.allocate(S.index, shares: [0, 1], size: 1000, upload: S.secret, lease: S.lease).allocated == [0, 1])
            #expect(try await store.write(S.index, share: 0, at: 0, S.data, upload: S.secret) == .complete)
            _ = try await store.allocate(S.other, shares: [5], size: 1000, upload: S.secret, lease: S.lease)
            #expect(try await store.write(S.other, share: 5, at: 0, S.data, upload: S.secret) == .complete)
        }
        let reopened = try limited()
        #expect(try await reopened.capacity().availableSpace == 500, "two finished shares and one incoming")
        await expectError("storage.insufficient_storage") {
            _ = try await reopened.allocate(S.index, shares: [2], size: 1000, upload: S.secret, lease: S.lease)
        }
        #expect(try await DirectoryShareStore(root: root, now: StoreKind.clock).capacity().availableSpace > 1 << 20, "no limit, no count")
    }
}

extension DirectoryShareStoreTests {
    /// An incoming share found at a restart gets half an hour from the restart; once
    /// abandoned, its files are gone from the disk.
    @Test func anIdleIncomingShareFoundAtARestartIsAbandonedLater() async throws {
        let clock = TestClock(1_000_000)
        do {
            let store = try DirectoryShareStore(root: root, now: clock.now)
            _ = try await store.allocate(S.index, shares: [4], size: 1000, upload: S.secret, lease: S.lease)
        }
        clock.advance(by: 3600)
        let reopened = try DirectoryShareStore(root: root, now: clock.now)
        #expect(try await reopened.abandonIdle() == 0)
        clock.advance(by: UploadRules.idleIncomingTimeout)
        #expect(try await reopened.abandonIdle() == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/shares/incoming").allSatisfy { name in
            ((try? FileManager.default.contentsOfDirectory(atPath: root + "/shares/incoming/" + name)) ?? []).isEmpty
        })
    }
}
