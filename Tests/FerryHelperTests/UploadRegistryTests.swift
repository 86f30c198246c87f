import FerryCore
@testable import FerryHelper
import FerryHelperProtocol
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// The registry on real files in a temporary directory, with an injected clock.
@Suite struct UploadRegistryTests {
    let directory = TemporaryDirectory("ferry-registry-")
    var root: String { directory.path }
    static let ticket = UploadTicket(size: 1000, encoding: .default)
    static func index(_ byte: UInt8) -> StorageIndex { try! StorageIndex(bytes: Array(repeating: byte, count: 16)) }

    final class Clock: Sendable {
        let time = Mutex<UInt64>(1_000_000)
        func advance(_ seconds: UInt64) { time.withLock { $0 += seconds } }
        var now: @Sendable () -> UInt64 { { self.time.withLock { $0 } } }
    }

    /// An ask that differs in happiness only is taken, while receiving and once complete,
    /// kept across a restart, and a complete upload is pushed again with it; any other
    /// difference is refused, naming what differs (it named the upload's own figures).
    @Test func aNewHappinessIsTakenAndOtherChangesAreNamed() async throws {
        let clock = Clock()
        let pushed = Mutex<[Int]>([])
        var strict = Self.ticket
        strict.encoding.happy = 9
        var lenient = Self.ticket
        lenient.encoding.happy = 5
        do {
            let registry = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: clock.now)
            await registry.whenComplete { _, ticket in pushed.withLock { $0.append(ticket.encoding.happy) } }
            _ = try await registry.ask(Self.index(1), strict)
            _ = try await registry.ask(Self.index(1), lenient)
            let token = try await registry.beginWrite(Self.index(1), at: 0)
            try await registry.write(token, Array(repeating: 5, count: 1000))
            #expect(try await registry.endWrite(token).complete)
            #expect(pushed.withLock { $0 } == [5], "pushed with the happiness asked last")
            _ = try await registry.ask(Self.index(1), strict)
            #expect(pushed.withLock { $0 } == [5, 9], "a complete upload is pushed again with a new one")
            var bigger = strict
            bigger.size += 1
            bigger.encoding.maxSegmentSize /= 2
            await #expect(throws: HelperError.parametersMismatch("an upload of this storage index is under way with size 1000 (asked 1001), "
                                                                 + "segment size \(strict.encoding.maxSegmentSize) (asked \(bigger.encoding.maxSegmentSize))")) {
                _ = try await registry.ask(Self.index(1), bigger)
            }
        }
        let restarted = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: clock.now)
        await restarted.whenComplete { _, ticket in pushed.withLock { $0.append(ticket.encoding.happy) } }
        #expect(pushed.withLock { $0 } == [5, 9, 9], "kept with the ciphertext")
    }

    @Test func partialUploadsNobodyResumesExpireButActiveOnesStay() async throws {
        let clock = Clock()
        let limits = HelperLimits(expireAfter: 3600)
        let registry = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0, expireAfter: limits.expireAfter), now: clock.now)
        _ = try await registry.ask(Self.index(1), Self.ticket)
        _ = try await registry.ask(Self.index(2), Self.ticket)
        _ = try await registry.ask(Self.index(3), Self.ticket)
        let token = try await registry.beginWrite(Self.index(3), at: 0)
        try await registry.write(token, Array(repeating: 5, count: 100))
        clock.advance(1800)
        _ = try await registry.ask(Self.index(2), Self.ticket)
        clock.advance(2000)
        #expect(try await registry.expire() == [Self.index(1)], "1 is stale; 2 was asked about; 3 is being written")
        await #expect(throws: HelperError.notFound("no upload for storage index \(Self.index(1).base32)")) {
            _ = try await registry.offset(Self.index(1))
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/CHK_incoming/\(Self.index(1).base32)"))
        _ = try await registry.endWrite(token)
        clock.advance(4000)
        #expect(Set(try await registry.expire()) == [Self.index(2), Self.index(3)])
        // A restart reads the last-seen times back from the meta files.
        _ = try await registry.ask(Self.index(4), Self.ticket)
        clock.advance(3000)
        let reopened = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0, expireAfter: 3600), now: clock.now)
        #expect(try await reopened.expire().isEmpty)
        clock.advance(1000)
        #expect(try await reopened.expire() == [Self.index(4)])
    }

    /// Ciphertext whose meta file does not parse is moved to `damaged/` whole, not deleted;
    /// an empty data file without a meta (a start cut short) is removed; the rest resumes.
    @Test func ciphertextWithADamagedMetaIsSetAsideNotDeleted() async throws {
        let clock = Clock()
        let registry = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: clock.now)
        for byte: UInt8 in [1, 3] {
            _ = try await registry.ask(Self.index(byte), Self.ticket)
            let token = try await registry.beginWrite(Self.index(byte), at: 0)
            try await registry.write(token, Array(repeating: byte, count: 100))
            _ = try await registry.endWrite(token)
        }
        let damaged = root + "/CHK_incoming/\(Self.index(1).base32)"
        try Data("not a meta file".utf8).write(to: URL(fileURLWithPath: damaged + ".meta"))
        FileManager.default.createFile(atPath: root + "/CHK_incoming/\(Self.index(2).base32)", contents: nil)

        let reopened = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: clock.now)
        let folder = root + "/damaged/CHK_incoming-\(Self.index(1).base32)"
        #expect(reopened.setAside == [folder])
        let kept = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(kept == [Self.index(1).base32, Self.index(1).base32 + ".meta", Self.index(1).base32 + ".offsets"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + Self.index(1).base32)) == Data(repeating: 1, count: 100))
        #expect(!FileManager.default.fileExists(atPath: damaged) && !FileManager.default.fileExists(atPath: damaged + ".meta"))
        #expect(!FileManager.default.fileExists(atPath: root + "/CHK_incoming/\(Self.index(2).base32)"), "empty, no meta: removed")
        await #expect(throws: HelperError.self) { _ = try await reopened.offset(Self.index(1)) }
        #expect(try await reopened.offset(Self.index(3)).offset == 100)

        // Nothing new to set aside on the next start; what was set aside stays.
        let again = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: clock.now)
        #expect(again.setAside.isEmpty && FileManager.default.fileExists(atPath: folder + "/" + Self.index(1).base32))
    }

    @Test func limitsAnswerWithClearErrors() async throws {
        let limits = HelperLimits(maximumUploadSize: 5000, concurrentUploads: 2, reservedSpace: 0)
        let registry = try UploadRegistry(root: root, limits: limits, now: { 1 })
        await #expect(throws: HelperError.self) { _ = try await registry.ask(Self.index(1), UploadTicket(size: 5001, encoding: .default)) }
        _ = try await registry.ask(Self.index(1), Self.ticket)
        _ = try await registry.ask(Self.index(2), Self.ticket)
        do {
            _ = try await registry.ask(Self.index(3), Self.ticket)
            Issue.record("a third upload was admitted")
        } catch {
            #expect(error.code == "helper.busy" && error.httpStatus == 429 && error.isRetryable)
        }
        #expect(try await registry.ask(Self.index(2), Self.ticket) == .receiving(offset: 0, size: 1000), "resuming is not a new upload")
        let full = try UploadRegistry(root: root + "/full", limits: HelperLimits(reservedSpace: UInt64.max / 2), now: { 1 })
        do {
            _ = try await full.ask(Self.index(1), Self.ticket)
            Issue.record("admitted into reserved space")
        } catch {
            #expect(error.code == "helper.insufficient_storage" && error.httpStatus == 507)
        }
    }

    @Test func aRequestsLastBytesAreCommittedOffTheActorOnceAndOnlyByItsHolder() async throws {
        let registry = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: { 1 })
        _ = try await registry.ask(Self.index(1), Self.ticket)
        let token = try await registry.beginWrite(Self.index(1), at: 0)
        try await registry.write(token, Array(repeating: 5, count: 300))
        #expect(try await registry.offset(Self.index(1)).offset == 0, "staged, not yet durable")
        let commit = try #require(await registry.finalCommit(token))
        #expect(commit.offset == 300)
        #expect(await registry.finalCommit(token) == nil, "the staged bytes are claimed once")
        try await commit.run()
        #expect(try await registry.offset(Self.index(1)).offset == 300)
        // Logged on disk: a registry opened afresh (a restart) finds 300 durable bytes.
        let reopened = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: { 1 })
        #expect(try await reopened.offset(Self.index(1)).offset == 300)
        // A newer request takes over: the older token gets nothing to commit.
        let newer = try await registry.beginWrite(Self.index(1), at: 300)
        try await registry.write(newer, Array(repeating: 6, count: 100))
        #expect(await registry.finalCommit(token) == nil)
        #expect(try await registry.endWrite(newer).offset == 400, "endWrite still commits what no final commit took")
    }

    /// A commit handed out before the upload was aborted comes too late: it neither syncs the
    /// closed file (its descriptor may be another file's by then) nor recreates the offset
    /// log of an upload that is gone.
    @Test func aCommitAfterTheUploadWasAbortedDoesNothing() async throws {
        let registry = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: { 1 })
        _ = try await registry.ask(Self.index(2), Self.ticket)
        let token = try await registry.beginWrite(Self.index(2), at: 0)
        try await registry.write(token, Array(repeating: 7, count: 200))
        let commit = try #require(await registry.finalCommit(token))
        try await registry.abort(Self.index(2))
        try await commit.run()
        let spool = root + "/CHK_incoming/\(Self.index(2).base32)"
        #expect(!FileManager.default.fileExists(atPath: spool + ".offsets"), "no offset log made again")
        #expect(!FileManager.default.fileExists(atPath: spool))
        await #expect(throws: HelperError.self) { _ = try await registry.endWrite(token) }
    }

    /// A commit that fails is not tried again and believed (Linux reports a lost write-back
    /// once; the next fdatasync would succeed without those bytes): the upload is reopened
    /// from its log, cut back to the acknowledged offset, and the client is asked for the
    /// rest again. Here the offset log cannot be opened for a while (a directory in its place).
    @Test func aFailedCommitCutsTheUploadBackToWhatWasAcknowledged() async throws {
        let registry = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: { 1 })
        let index = Self.index(3)
        _ = try await registry.ask(index, Self.ticket)
        let first = try await registry.beginWrite(index, at: 0)
        try await registry.write(first, Array(repeating: 1, count: 300))
        #expect(try await registry.endWrite(first).offset == 300)
        let spool = root + "/CHK_incoming/\(index.base32)"
        let files = FileManager.default
        let second = try await registry.beginWrite(index, at: 300)
        try await registry.write(second, Array(repeating: 2, count: 200))
        try files.moveItem(atPath: spool + ".offsets", toPath: spool + ".saved")
        try files.createDirectory(atPath: spool + ".offsets", withIntermediateDirectories: false)
        await #expect(throws: HelperError.self) { _ = try await registry.endWrite(second) }
        await #expect(throws: HelperError.self, "still failing: no commit is believed") { _ = try await registry.beginWrite(index, at: 300) }
        try files.removeItem(atPath: spool + ".offsets")
        try files.moveItem(atPath: spool + ".saved", toPath: spool + ".offsets")
        #expect(try await registry.ask(index, Self.ticket) == .receiving(offset: 300, size: 1000), "the client is asked from what was acknowledged")
        #expect(try files.attributesOfItem(atPath: spool)[.size] as? UInt64 == 300, "what was not acknowledged is cut off")
        let third = try await registry.beginWrite(index, at: 300)
        try await registry.write(third, Array(repeating: 3, count: 200))
        #expect(try await registry.endWrite(third).offset == 500)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: spool))) == Array(repeating: 1, count: 300) + Array(repeating: 3, count: 200))
    }

    /// A power cut can leave a tail of zeros in an offset log, where reading it stops. A
    /// restart writes the log again as its one offset: commits appended after that tail were
    /// hidden at the next start, which cut acknowledged bytes off the spool.
    @Test func commitsAfterAPowerCutsTailAreFoundAtTheNextStart() async throws {
        let index = Self.index(4)
        let spool = root + "/CHK_incoming/\(index.base32)"
        do {
            let registry = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: { 1 })
            _ = try await registry.ask(index, Self.ticket)
            let token = try await registry.beginWrite(index, at: 0)
            try await registry.write(token, Array(repeating: 1, count: 300))
            _ = try await registry.endWrite(token)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: spool + ".offsets"))
        try log.seekToEnd()
        try log.write(contentsOf: Data(count: 8))
        try log.close()
        do {
            let registry = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: { 1 })
            #expect(try await registry.offset(index).offset == 300)
            let token = try await registry.beginWrite(index, at: 300)
            try await registry.write(token, Array(repeating: 2, count: 200))
            #expect(try await registry.endWrite(token).offset == 500)
        }
        let restarted = try UploadRegistry(root: root, limits: HelperLimits(reservedSpace: 0), now: { 1 })
        #expect(try await restarted.offset(index).offset == 500)
    }
}
