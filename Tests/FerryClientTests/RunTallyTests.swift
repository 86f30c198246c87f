@testable import FerryClient
import FerryCore
import FerryHelperProtocol
import FerryStorage
import Synchronization
import Testing

/// The detail a run reports for the screen: storage index, the helper's offsets, retries
/// and bytes sent twice, each server's part.
struct RunTallyTests {
    final class Reported: Sendable {
        let events = Mutex<[RunnerEvent]>([])
        var report: @Sendable (RunnerEvent) -> Void { { event in self.events.withLock { $0.append(event) } } }
        var lastDetail: TransferDetail? {
            events.withLock { events in
                events.reversed().lazy.compactMap { event -> TransferDetail? in
                    if case .detail(let detail) = event { return detail }
                    return nil
                }.first
            }
        }
    }

    static let index = try! StorageIndex(bytes: Array(repeating: 7, count: 16))
    static let encoding = EncodingParameters(needed: 3, happy: 7, total: 10)

    /// A new phase comes after its first figures, so the engine's snapshot at the change never
    /// shows the last phase's ("sending" at 100%: the hashed prefix's count).
    @Test func aPhaseComesAfterItsFirstFigures() {
        let tally = RunTally(encoding: Self.encoding), reported = Reported()
        tally.upload(.hashing(done: 3_400_000, total: 3_400_000), reported.report)
        tally.upload(.sending(from: 3_400_000, total: 20_000_000), reported.report)
        let events = reported.events.withLock { $0 }.filter { if case .detail = $0 { false } else { true } }
        #expect(Array(events.suffix(2)) == [.progress(done: 3_400_000, total: 20_000_000), .phase("sending")], "\(events)")
    }

    /// Bytes sent never count past the file's size (a late piece of an abandoned request
    /// once read "sending 50.6 MB of 50.0 MB").
    @Test func sendingNeverCountsPastTheTotal() {
        let tally = RunTally(encoding: Self.encoding), reported = Reported()
        tally.upload(.sending(from: 23_278_272, total: 50_000_000), reported.report)
        for _ in 0..<27 { tally.upload(.sent(1 << 20), reported.report) }
        let last = reported.events.withLock { $0 }.last { if case .progress = $0 { true } else { false } }
        #expect(last == .progress(done: 50_000_000, total: 50_000_000), "\(String(describing: last))")
    }

    /// Asking moves no bytes: the bar empties (it stayed full from the key pass, "asking 120
    /// MiB of 120 MiB"), and a file already in the grid is still said to be there whole.
    @Test func askingShowsNoBytesAndTheGridStillHasTheWholeFile() throws {
        let tally = RunTally(encoding: Self.encoding), reported = Reported()
        tally.upload(.keying(done: 120_000, total: 120_000), reported.report)
        tally.upload(.keyed(Self.index), reported.report)
        let events = reported.events.withLock { $0 }.filter { if case .detail = $0 { false } else { true } }
        #expect(Array(events.suffix(2)) == [.progress(done: 0, total: 0), .phase("asking")], "\(events)")
        let result = UploadResult(uriExtension: [], uriExtensionHash: [], placement: [:], happiness: 5)
        tally.upload(.answered(.inGrid(result)), reported.report)
        #expect(try #require(reported.lastDetail).confirmed == 120_000)
    }

    @Test func anUploadCountsRetriesAndWhatWentTwice() throws {
        let tally = RunTally(encoding: Self.encoding), reported = Reported()
        tally.upload(.keyed(Self.index), reported.report)
        tally.upload(.answered(.receiving(offset: 0, size: 1000)), reported.report)
        tally.upload(.sending(from: 0, total: 1000), reported.report)
        tally.upload(.sent(600), reported.report)
        tally.upload(.acknowledged(400), reported.report)
        tally.upload(.retrying(after: 1, error: .storage(.transport("reset"))), reported.report)
        // The helper answers 400, then (having committed more of what it took) 500: the
        // 100 sent past 500 go again, counted once (each answer added its gap: 200 + 100).
        tally.upload(.answered(.receiving(offset: 400, size: 1000)), reported.report)
        tally.upload(.answered(.receiving(offset: 500, size: 1000)), reported.report)
        reported.events.withLock { $0 = [] }
        tally.upload(.sending(from: 500, total: 1000), reported.report)
        let resumed = reported.events.withLock { $0 }.filter { if case .detail = $0 { false } else { true } }
        #expect(Array(resumed.prefix(2)) == [.countAfresh, .progress(done: 500, total: 1000)], "the jump to 500 is not speed: \(resumed)")
        tally.upload(.sent(500), reported.report)
        var detail = try #require(reported.lastDetail)
        #expect(detail.storageIndex == Self.index.base32)
        #expect(detail.confirmed == 500)
        #expect(detail.retries == 1)
        #expect(detail.resent == 100)
        #expect(detail.encoding == Self.encoding)
        // Broken again before reaching where it was: only what this send had sent goes again.
        tally.upload(.retrying(after: 1, error: .storage(.transport("reset"))), reported.report)
        tally.upload(.answered(.receiving(offset: 900, size: 1000)), reported.report)
        tally.upload(.sending(from: 900, total: 1000), reported.report)
        detail = try #require(reported.lastDetail)
        #expect(detail.resent == 200, "100 more: 1000 were sent, 900 kept")
    }

    /// A resumed upload hashes what the helper has, then sends the rest: the phase and the
    /// bytes say "sending" and count from the helper's offset again (the screen showed
    /// "hashing" at 100 % for the whole send).
    @Test func aResumedUploadSaysSendingAfterItsLocalHashing() {
        let tally = RunTally(encoding: Self.encoding), reported = Reported()
        tally.upload(.answered(.receiving(offset: 400, size: 1000)), reported.report)
        tally.upload(.hashing(done: 400, total: 400), reported.report)
        tally.upload(.sending(from: 400, total: 1000), reported.report)
        tally.upload(.sent(100), reported.report)
        let events = reported.events.withLock { $0 }
        let phase = events.reversed().lazy.compactMap { event -> String? in if case .phase(let phase) = event { phase } else { nil } }.first
        let progress = events.reversed().lazy.compactMap { event -> [UInt64]? in
            if case .progress(let done, let total) = event { [done, total] } else { nil }
        }.first
        #expect(phase == "sending")
        #expect(progress == [500, 1000])
        let phases = events.compactMap { event -> String? in if case .phase(let phase) = event { phase } else { nil } }
        #expect(phases == ["hashing", "sending"], "no 'sending' before the local hashing: \(phases)")
    }

    @Test func theHelpersPushFillsTheServersParts() throws {
        let tally = RunTally(encoding: Self.encoding), reported = Reported()
        func server(_ id: String, _ shares: [UInt64], stored: UInt64, state: String) -> CBORValue {
            .map([(.text("id"), .text(id)), (.text("shares"), .array(shares.map { .unsigned($0) })), (.text("held"), .unsigned(0)),
                  (.text("sent"), .unsigned(stored)), (.text("stored"), .unsigned(stored)), (.text("total"), .unsigned(100)),
                  (.text("state"), .text(state))])
        }
        let progress = try HelperProgress(parsing: .map([
            (.text("revision"), .unsigned(3)), (.text("state"), .text("pushing")), (.text("size"), .unsigned(1000)),
            (.text("received"), .unsigned(1000)), (.text("segments"), .unsigned(8)), (.text("encoded"), .unsigned(5)),
            (.text("servers"), .array([server("a", [0, 3], stored: 100, state: "done"), server("b", [1], stored: 40, state: "pushing"),
                                       server("c", [2], stored: 0, state: "replaced")])),
        ]))
        tally.upload(.pushing(progress), reported.report)
        let detail = try #require(reported.lastDetail)
        #expect(detail.confirmed == 1000)
        #expect(detail.segmentsEncoded == 5 && detail.segmentCount == 8)
        #expect(detail.servers == [ServerPart(name: "a", shares: [0, 3], done: 100, total: 100, state: .done),
                                   ServerPart(name: "b", shares: [1], done: 40, total: 100, state: .working),
                                   ServerPart(name: "c", shares: [2], done: 0, total: 100, state: .replaced)])
        // A server set aside is said once, by its address when the helper gives it.
        let aside = try HelperProgress(parsing: .map([
            (.text("revision"), .unsigned(4)), (.text("state"), .text("pushing")), (.text("size"), .unsigned(1000)), (.text("received"), .unsigned(1000)),
            (.text("servers"), .array([.map([(.text("id"), .text("b")), (.text("address"), .text("h:2")), (.text("state"), .text("replaced"))])])),
        ]))
        tally.upload(.pushing(aside), reported.report)
        tally.upload(.pushing(aside), reported.report)
        let notes = reported.events.withLock { $0 }.filter { if case .note = $0 { true } else { false } }
        #expect(notes.filter { $0 == .note("the helper set storage server h:2 aside; its shares go to others") }.count == 1, "\(notes)")
        // A push that failed is retried: its step is still the push, not "failed".
        let failed = try HelperProgress(parsing: .map([
            (.text("revision"), .unsigned(4)), (.text("state"), .text("failed")), (.text("size"), .unsigned(1000)), (.text("received"), .unsigned(1000)),
        ]))
        tally.upload(.pushing(failed), reported.report)
        #expect(reported.events.withLock { $0 }.last { if case .phase = $0 { true } else { false } } == .phase("pushing"))
        // Nor when the helper answers an ask with its failed push (a resume said "failed",
        // then went on and finished; operator test).
        tally.upload(.answered(.busy(.failed, size: 1000)), reported.report)
        #expect(reported.events.withLock { $0 }.last { if case .phase = $0 { true } else { false } } == .phase("pushing"))
    }

    /// The helper places its servers one after another; the push's total is every share's
    /// bytes from the first one placed, not the sum of those placed so far.
    @Test func aPushsTotalCountsEveryShareFromTheFirstServerPlaced() throws {
        let tally = RunTally(encoding: Self.encoding), reported = Reported()
        func push(_ servers: [(String, [UInt64], UInt64)]) throws -> RunnerEvent? {
            let progress = try HelperProgress(parsing: .map([
                (.text("revision"), .unsigned(3)), (.text("state"), .text("pushing")), (.text("size"), .unsigned(1000)),
                (.text("received"), .unsigned(1000)), (.text("segments"), .unsigned(8)), (.text("encoded"), .unsigned(1)),
                (.text("servers"), .array(servers.map { id, shares, sent in
                    .map([(.text("id"), .text(id)), (.text("shares"), .array(shares.map { .unsigned($0) })), (.text("held"), .unsigned(0)),
                          (.text("sent"), .unsigned(sent)), (.text("stored"), .unsigned(0)), (.text("total"), .unsigned(400 * UInt64(shares.count))),
                          (.text("state"), .text("pushing"))])
                })),
            ]))
            tally.upload(.pushing(progress), reported.report)
            return reported.events.withLock { $0 }.last { if case .progress = $0 { true } else { false } }
        }
        // Before a server is placed, the shares' data by the encoding, in bytes (segment
        // counts were said here, read as "pushing 0 B of 1 B").
        tally.upload(.keying(done: 1000, total: 1000), reported.report)
        let before = try push([])
        // ceil(1000 / 3) = 334 bytes of block data per share, 10 shares (the padded tail counts).
        let expected = UInt64(334 * Self.encoding.total)
        #expect(before == .progress(done: 0, total: expected), "\(String(describing: before))")
        // 10 shares of 400 bytes: 4000 from the first server on (two shares placed).
        #expect(try push([("a", [0, 1], 2)]) == .progress(done: 2, total: 4000))
        #expect(try push([("a", [0, 1], 800), ("b", [2, 3, 4], 100)]) == .progress(done: 900, total: 4000))
        let all = [("a", [UInt64(0), 1], UInt64(800)), ("b", [2, 3, 4], 1200), ("c", [5, 6, 7, 8, 9], 2000)]
        #expect(try push(all) == .progress(done: 4000, total: 4000))
    }

    @Test func aDownloadNamesTheServersAndSharesItReadsFrom() throws {
        let tally = RunTally(), reported = Reported()
        tally.start(storageIndex: Self.index.base32, encoding: EncodingParameters(needed: 2, happy: 0, total: 4, maxSegmentSize: 0), reported.report)
        tally.download(.resuming(have: 300, total: 1000), reported.report)
        tally.download(.fetched(share: 0, server: "h:1", bytes: 50), reported.report)
        tally.download(.fetched(share: 1, server: "h:2", bytes: 50), reported.report)
        tally.download(.fetched(share: 3, server: "h:1", bytes: 25), reported.report)
        tally.download(.replaced(share: 1, server: "h:2", reason: "bad hash"), reported.report)
        tally.download(.wrote(100), reported.report)
        let detail = try #require(reported.lastDetail)
        #expect(detail.storageIndex == Self.index.base32)
        #expect(detail.confirmed == 400)
        #expect(detail.servers == [ServerPart(name: "h:1", shares: [0, 3], done: 75), ServerPart(name: "h:2", shares: [1], done: 50, state: .replaced)])
    }

    /// A server set aside (it stopped answering) and read from again once it is back counts
    /// among those the download uses: the screen said "4 replaced" to the end, reading from them.
    @Test func aServerReadFromAgainIsNoLongerReplaced() throws {
        let tally = RunTally(), reported = Reported()
        tally.download(.fetched(share: 2, server: "h:1", bytes: 50), reported.report)
        tally.download(.fetched(share: 5, server: "h:2", bytes: 50), reported.report)
        tally.download(.replaced(share: 5, server: "h:2", reason: "connection refused"), reported.report)
        #expect(try #require(reported.lastDetail).servers.map(\.state) == [.working, .replaced])
        tally.download(.retrying(after: 1, error: .storage(.transport("connection refused"))), reported.report)
        tally.download(.fetched(share: 5, server: "h:2", bytes: 50), reported.report)
        let detail = try #require(reported.lastDetail)
        #expect(detail.servers == [ServerPart(name: "h:1", shares: [2], done: 50), ServerPart(name: "h:2", shares: [5], done: 100)])
    }

    /// A download that stops counts what it wrote, not blocks fetched for segments never
    /// written: one that failed its integrity check with an empty part file said 100 %.
    @Test func aStoppedDownloadCountsOnlyWhatItWrote() {
        let tally = RunTally(), reported = Reported()
        tally.download(.resuming(have: 0, total: 5000), reported.report)
        tally.download(.fetched(share: 0, server: "h:1", bytes: 2500), reported.report)
        tally.download(.fetched(share: 1, server: "h:2", bytes: 2500), reported.report)
        let progress = { reported.events.withLock { events in events.last { if case .progress = $0 { true } else { false } } } }
        #expect(progress() == .progress(done: 5000, total: 5000), "fetched bytes move the bar as they come")
        tally.stopped(reported.report)
        #expect(progress() == .progress(done: 0, total: 5000))
        // One stopped before any server answered does not know its size yet: it says no
        // size (it said 0, and the cap's size in the journal became 0).
        let early = RunTally(), heard = Reported()
        early.download(.located(shares: 0, servers: 0, of: 3), heard.report)
        early.stopped(heard.report)
        #expect(!heard.events.withLock { $0 }.contains { if case .progress = $0 { true } else { false } })
    }
}
