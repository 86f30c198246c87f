import FaultProxy
import FerryClient
import FerryCore
@testable import FerryStorage
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// The engine with real helper and storage servers on loopback, the helper reached through
/// a fault proxy (to slow it down and count what crosses).
@Suite(.serialized) struct TransferEngineTests {
    /// A grid, a slowed proxy in front of its helper, and what an engine needs.
    final class Rig {
        let scratch: Scratch
        let storage: [NodeProcess]
        let helper: NodeProcess
        let proxy: FaultProxy
        let http: HTTPClientHolder

        init(bytesPerSecond: Double?) async throws {
            scratch = try Scratch()
            (storage, helper) = try await HelperPushTests.startGrid(scratch, servers: 5)
            proxy = try FaultProxy(targetPort: helper.nurl.port, plan: FaultPlan(bytesPerSecond: bytesPerSecond))
            http = HTTPClientHolder()
        }

        var proxiedHelper: NURL { NURL(spkiHash: helper.nurl.spkiHash, host: "127.0.0.1", port: proxy.port, swissnum: helper.nurl.swissnum) }

        func runner() -> GridRunner {
            GridRunner(helper: HelperClient(transport: StorageClient(nurl: proxiedHelper, http: http.client, idleTimeout: .seconds(5))),
                       storage: storage.map { StorageClient(nurl: $0.nurl, http: http.client, idleTimeout: .seconds(5)) },
                       secret: UploaderTests.secret, encoding: UploaderTests.encoding,
                       retry: RetryPolicy(initialDelay: 0.05, maximumDelay: 0.3, maximumTries: 40))
        }

        func engine(maximumActive: Int = 2) throws -> TransferEngine {
            try TransferEngine(journal: Journal(path: scratch.path("state/journal.sqlite")), runner: runner(),
                               settings: .init(maximumActive: maximumActive, saveInterval: 0.2))
        }
    }

    /// An HTTP client shut down at deinit (tests end with it idle).
    final class HTTPClientHolder: @unchecked Sendable {
        let client = StorageClient.makeHTTPClient(idleTimeout: .seconds(5))
        deinit { try? client.syncShutdown() }
    }

    static func waitFor(_ engine: TransferEngine, _ id: Int64, seconds: Double = 60, _ condition: (TransferSnapshot) -> Bool) async throws -> TransferSnapshot {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let snapshot = await engine.snapshot(of: id), condition(snapshot) { return snapshot }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("transfer \(id) did not reach the condition in \(seconds) s: \(String(describing: await engine.snapshot(of: id)))")
        throw CancellationError()
    }

    /// Watches `proxy` from now on, on a thread started at once (not from a pool task, which
    /// can wait seconds for its turn: under CI's load a whole 18 MB file had crossed before
    /// the watch began), and holds it (1 byte/s) once `bytes` have crossed. Arm it before the
    /// transfer starts; ``ProxyHold/then(_:)`` acts and lets the proxy go.
    final class ProxyHold: Sendable {
        let proxy: FaultProxy
        let bytes: UInt64
        private let reached = DispatchSemaphore(value: 0)
        private let met = Atomic(false)

        init(_ proxy: FaultProxy, after bytes: UInt64, within seconds: Double) {
            (self.proxy, self.bytes) = (proxy, bytes)
            Thread.detachNewThread { [self] in
                let deadline = Date().addingTimeInterval(seconds)
                while Date() < deadline, proxy.forwarded <= bytes { usleep(10_000) }
                proxy.update { $0.bytesPerSecond = 1 }
                met.store(proxy.forwarded > bytes, ordering: .releasing)
                reached.signal()
            }
        }

        /// Waits (off the pool) for the hold, runs `act` (stopping or pausing an engine waits
        /// for a turn on the task pool), then lets the proxy go at the rig's 4 MB/s again.
        func then(_ act: () async -> Void) async throws {
            try await OffThePool.run { [reached] in reached.wait() }
            let crossed = met.load(ordering: .acquiring)
            #expect(crossed, "\(bytes) bytes did not cross the proxy in time")
            await act()
            proxy.update { $0.bytesPerSecond = 4_000_000 }
        }
    }

    /// Waits until the helper has logged a durable offset for some upload in `incoming`.
    static func waitForDurableOffset(_ incoming: String, seconds: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let logs = (try? FileManager.default.contentsOfDirectory(atPath: incoming))?.filter { $0.hasSuffix(".offsets") } ?? []
            let sizes = logs.compactMap { try? FileManager.default.attributesOfItem(atPath: incoming + "/" + $0)[.size] as? UInt64 }
            if sizes.contains(where: { $0 > 0 }) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the helper kept no offset in \(incoming) within \(seconds) s")
    }

    /// Waits until nothing has crossed `proxy` for `checks` half-seconds in a row; returns its
    /// count. The pause test asks for 3, since on a loaded machine
    /// the throttled proxy itself paused longer than half a second with the last few hundred
    /// bytes still in hand.
    static func quiet(_ proxy: FaultProxy, checks: Int = 1) async throws -> UInt64 {
        var last = proxy.forwarded
        var still = 0
        for _ in 0..<60 {
            try await Task.sleep(for: .milliseconds(500))
            still = proxy.forwarded == last ? still + 1 : 0
            if still == checks { return last }
            last = proxy.forwarded
        }
        Issue.record("bytes kept crossing the proxy")
        return last
    }

    @Test func pauseStopsTheNetworkAtOnceAndResumeGoesOnFromTheHelpersOffset() async throws {
        let rig = try await Rig(bytesPerSecond: 4_000_000)
        let plaintext = randomBytes(12_000_000, seed: 71)
        let path = try rig.scratch.write("movie.mkv", plaintext)
        let engine = try rig.engine()
        // Generous: on a loaded machine (CI's parallel suites) the first megabytes came slowly.
        // Once 3 MB have crossed, the rest of the file must not slip through before the pause.
        let hold = ProxyHold(rig.proxy, after: 3_000_000, within: 180)
        await engine.start()
        let id = try await engine.add(.upload(path: path)).id
        try await hold.then { await engine.pause(id) }
        #expect(await engine.snapshot(of: id)?.state == .paused)
        // What the client had handed to its connection still drains through the slow proxy
        // (socket buffers); then nothing more crosses.
        let quiet = try await Self.quiet(rig.proxy, checks: 3)
        try await Task.sleep(for: .seconds(1))
        #expect(rig.proxy.forwarded == quiet, "nothing crosses while paused")
        await engine.resume(id)
        let done = try await Self.waitFor(engine, id) { $0.state.isFinished }
        #expect(done.state == .done, "\(done)")
        let expectedCap = try await UploaderTests.expectedCap(path, rig.scratch)
        #expect(done.entry.cap == expectedCap)
        // Resumed from the helper's offset, not from zero (that would be 3 MB + 12 MB at least).
        #expect(rig.proxy.forwarded < UInt64(plaintext.count) + 3_000_000, "about one copy crossed: \(rig.proxy.forwarded)")
        // What the details pane shows: the storage index, what the helper held, where each share went.
        guard case .chk(let chk) = try Cap(parsing: done.entry.cap!) else { throw CancellationError() }
        #expect(done.detail.storageIndex == chk.storageIndex.base32)
        // (Which servers took which shares shows only if this run saw the push: what drained
        // from the paused connection may have let the helper finish alone. RunTallyTests
        // cover that mapping.)
        #expect(done.detail.confirmed == UInt64(plaintext.count))

        // The same engine downloads it back.
        let copy = rig.scratch.path("copy.mkv")
        let download = try await engine.add(.download(cap: done.entry.cap!, destination: copy)).id
        let fetched = try await Self.waitFor(engine, download) { $0.state.isFinished }
        #expect(fetched.state == .done, "\(fetched)")
        #expect(try rig.scratch.read("copy.mkv") == plaintext)
        #expect(fetched.detail.storageIndex == chk.storageIndex.base32)
        #expect(fetched.detail.confirmed == UInt64(plaintext.count))
        #expect(Set(fetched.detail.servers.flatMap(\.shares)).count >= chk.needed, "\(fetched.detail.servers)")
        #expect(fetched.detail.servers.reduce(0) { $0 + $1.done } >= UInt64(plaintext.count), "k shares' blocks were read")
        await engine.shutDown()
    }

    /// What the helper keeps moves while one long request sends ("helper has at least 0 B"
    /// stood through a whole upload, its answer coming only at the end), and never past
    /// what was sent.
    @Test func whatTheHelperKeepsIsReadWhileSending() async throws {
        let rig = try await Rig(bytesPerSecond: 2_000_000)
        let path = try rig.scratch.write("long.tar", randomBytes(16_000_000, seed: 75))
        let engine = try rig.engine()
        await engine.start()
        let id = try await engine.add(.upload(path: path)).id
        let midway = try await Self.waitFor(engine, id) { ($0.detail.confirmed ?? 0) > 0 || $0.state.isFinished }
        #expect(midway.entry.phase == "sending" && midway.state == .active, "read while sending, not at the end: \(midway)")
        #expect((midway.detail.confirmed ?? 0) <= midway.entry.done, "\(midway)")
        let done = try await Self.waitFor(engine, id) { $0.state.isFinished }
        #expect(done.state == .done && done.detail.confirmed == 16_000_000, "\(done)")
        await engine.shutDown()
    }

    /// Paused once the helper has every byte, an upload is not held there: the helper goes
    /// on storing the shares, and the transfer says so (a user read the paused bar as the
    /// push stopped). Resumed, it shows the end.
    @Test func aPauseWhileTheHelperPushesSaysTheHelperGoesOn() async throws {
        let rig = try await Rig(bytesPerSecond: nil)
        let path = try rig.scratch.write("photos.zip", randomBytes(2_000_000, seed: 73))
        // Frozen storage servers hold the helper in its push once it has the ciphertext.
        for server in rig.storage { server.pause() }
        defer { for server in rig.storage { server.unpause() } }
        let engine = try rig.engine()
        await engine.start()
        let id = try await engine.add(.upload(path: path)).id
        _ = try await Self.waitFor(engine, id) { TransferEngine.helperPhases.contains($0.entry.phase) }
        await engine.pause(id)
        let paused = try #require(await engine.snapshot(of: id))
        #expect(paused.state == .paused)
        #expect(paused.note?.contains("the helper has every byte and goes on storing the shares") == true, "\(paused)")
        for server in rig.storage { server.unpause() }
        await engine.resume(id)
        let done = try await Self.waitFor(engine, id) { $0.state.isFinished }
        #expect(done.state == .done, "\(done)")
        #expect(done.entry.cap == (try await UploaderTests.expectedCap(path, rig.scratch)))
    }

    @Test func aNewEngineOverTheJournalRestoresTheQueueAndResumes() async throws {
        // The first file is well over what socket buffers hold (a few MB on loopback, twice
        // with the proxy), so the helper cannot have it all when the engine stops.
        let rig = try await Rig(bytesPerSecond: 4_000_000)
        let first = try rig.scratch.write("first.iso", randomBytes(18_000_000, seed: 72))
        let second = try rig.scratch.write("second.iso", randomBytes(600_000, seed: 73))
        let third = try rig.scratch.write("third.iso", randomBytes(500_000, seed: 74))
        let engine = try rig.engine(maximumActive: 1)
        // Once 3 MB have reached the helper (the client has handed it more: socket buffers),
        // the process dies: the engine stops without a word to the journal beyond what it wrote.
        // The proxy is held at that moment: on a busy machine the whole file had crossed
        // before the engine stopped (CI, sessions 12 and 19).
        let hold = ProxyHold(rig.proxy, after: 3_000_000, within: 60)
        await engine.start()
        let a = try await engine.add(.upload(path: first)).id
        let b = try await engine.add(.upload(path: second)).id
        let c = try await engine.add(.upload(path: third)).id
        await engine.pause(c)
        #expect(await engine.snapshot(of: b)?.state == .queued, "one at a time")
        try await hold.then { await engine.shutDown() }
        // The slowed proxy still drains what it holds into the helper, which makes it durable
        // when the cut connection ends; a restart sooner than that would find nothing kept.
        // (A restart while it still drains works too, but the newer request takes over and
        // the rest of the old one crosses for nothing, which would blur the count below.)
        _ = try await Self.quiet(rig.proxy)
        try await Self.waitForDurableOffset(rig.scratch.path("helper/helper/CHK_incoming"))

        let restored = try rig.engine(maximumActive: 1)
        let before = await restored.snapshot()
        #expect(before.transfers.map(\.state) == [.queued, .queued, .paused], "\(before.transfers.map(\.state))")
        // Its phase is journaled at once; its bytes at the save interval, which a burst into
        // socket buffers right after the phase began can leave behind (seen under CI load).
        #expect(before.transfers.first?.entry.phase == "sending", "progress was journaled")
        await restored.start()
        let finished = await restored.settled([a, b])
        #expect(finished.map(\.state) == [.done, .done], "\(finished)")
        #expect(finished[0].note?.contains("the helper already has") == true, "resumed, not restarted: \(String(describing: finished[0].note))")
        #expect(rig.proxy.forwarded < 18_000_000 + 600_000 + 500_000 + 4_000_000, "about one copy crossed: \(rig.proxy.forwarded)")
        #expect(await restored.snapshot(of: c)?.state == .paused)
        await restored.shutDown()
    }

    /// A transfer retrying a helper that is not there starts again with the runner a mended
    /// config brings (it kept retrying the old one until paused and resumed).
    @Test func aRetryingTransferTakesTheNewRunner() async throws {
        let rig = try await Rig(bytesPerSecond: nil)
        let path = try rig.scratch.write("file", randomBytes(300_000, seed: 7))
        let nowhere = try NURL(parsing: HelperReceiveTests.absentStorage)
        let wrong = GridRunner(helper: HelperClient(transport: StorageClient(nurl: nowhere, http: rig.http.client, idleTimeout: .seconds(5))),
                               storage: [], secret: UploaderTests.secret, encoding: UploaderTests.encoding,
                               retry: RetryPolicy(initialDelay: 30, maximumDelay: 30, maximumTries: nil))
        let engine = try TransferEngine(journal: Journal(path: rig.scratch.path("state/journal.sqlite")), runner: wrong)
        await engine.start()
        let id = try await engine.add(.upload(path: path)).id
        _ = try await Self.waitFor(engine, id) { if case .retrying = $0.state { true } else { false } }
        await engine.replaceRunner(rig.runner())
        let done = try await Self.waitFor(engine, id, seconds: 20) { $0.state.isFinished }
        #expect(done.state == .done, "\(done.state)")
        await engine.shutDown()
    }

    /// A stopping engine (the agent stopped, Ctrl-C) keeps each run's last progress in the
    /// journal: it had it only as of the last periodic save (`ferry ls` showed 0 % for a
    /// download stopped with 48 MiB written).
    @Test func shuttingDownKeepsTheLastProgress() async throws {
        let rig = try await Rig(bytesPerSecond: 2_000_000)
        let journal = rig.scratch.path("state/journal.sqlite")
        let engine = try TransferEngine(journal: Journal(path: journal), runner: rig.runner(), settings: .init(maximumActive: 1, saveInterval: 3600))
        await engine.start()
        let id = try await engine.add(.upload(path: try rig.scratch.write("slow.bin", randomBytes(8_000_000, seed: 91)))).id
        let moving = try await Self.waitFor(engine, id) { $0.entry.phase == "sending" && $0.entry.done > 2_000_000 }
        await engine.shutDown()
        let saved = try Journal(path: journal).all().first { $0.id == id }
        #expect((saved?.done ?? 0) >= moving.entry.done, "journaled \(String(describing: saved?.done)), seen \(moving.entry.done)")
    }

    /// A transfer another process runs (a `ferry put` beside the agent) has a speed in this
    /// engine too, from the progress that process saves: it showed "-" and 0 B/s.
    @Test func aTransferRunElsewhereHasASpeedHere() async throws {
        // 16 s to send: under CI's load the watching engine, following the journal, once never
        // saw the 8 s upload at 1 MB/s while it was sending.
        let rig = try await Rig(bytesPerSecond: 500_000)
        let journalPath = rig.scratch.path("state/journal.sqlite")
        let settings = TransferEngine.Settings(maximumActive: 2, saveInterval: 0.2, watchInterval: 0.2)
        let running = try TransferEngine(journal: Journal(path: journalPath), runner: rig.runner(), settings: settings,
                                         claims: TransferClaims(directory: rig.scratch.path("state/claims")), scope: [])
        let watching = try TransferEngine(journal: Journal(path: journalPath), runner: rig.runner(), settings: settings,
                                          claims: TransferClaims(directory: rig.scratch.path("state/claims")))
        await running.start()
        await watching.start()
        let id = try await running.add(.upload(path: try rig.scratch.write("far.bin", randomBytes(8_000_000, seed: 83)))).id
        do {
            let seen = try await Self.waitFor(watching, id, seconds: 60) { $0.entry.phase == "sending" && $0.speed > 0 }
            #expect(seen.state == .active)
        } catch {
            // Which side stopped: the running engine's own view, and the journal's row.
            let row = try Journal(path: journalPath).all().first { $0.id == id }
            Issue.record("running: \(String(describing: await running.snapshot(of: id)))\njournal: \(String(describing: row))\nproxy: \(rig.proxy.forwarded) bytes")
            throw error
        }
        await running.shutDown()
        await watching.shutDown()
    }

    /// A slow link is not a stall. At 500 kB/s the last megabytes of an upload sit in socket
    /// buffers (the client's, the proxy's) for longer than the 5 s idle timeout after the
    /// client has written them; with nothing coming back, the client called the helper
    /// stalled, cut the request and sent the tail again, and again (a CI run saw an 8 MB
    /// upload stuck at 3 MiB for a minute); and between two pulls of the body, a megabyte
    /// draining took longer than the timeout too. The helper's `102 Processing` while bytes
    /// still arrive keeps the response wait alive, and its progress (`arrived`) tells the
    /// body's watch that the link is slow, not stalled: no retry, nothing sent twice.
    @Test func aSlowLinksDrainingTailIsNotAStall() async throws {
        let rig = try await Rig(bytesPerSecond: 500_000)
        let engine = try rig.engine()
        await engine.start()
        let plaintext = randomBytes(8_000_000, seed: 84)
        let id = try await engine.add(.upload(path: try rig.scratch.write("slow.bin", plaintext))).id
        let done = try await Self.waitFor(engine, id, seconds: 90) { $0.state.isFinished }
        #expect(done.state == .done, "\(done.state)")
        #expect(done.detail.retries == 0 && done.detail.resent == 0, "retries \(done.detail.retries), re-sent \(done.detail.resent)")
        #expect(rig.proxy.forwarded < UInt64(plaintext.count) + 500_000, "\(rig.proxy.forwarded) bytes crossed for \(plaintext.count)")
        await engine.shutDown()
    }

    /// Resuming all gives the free slots by priority: they were handed out one resume at
    /// a time, in the order added, so a low-priority transfer took the only slot.
    @Test func resumingAllGivesTheSlotsByPriority() async throws {
        let rig = try await Rig(bytesPerSecond: 1_000_000)
        let engine = try rig.engine(maximumActive: 1)
        await engine.start()
        let low = try await engine.add(.upload(path: try rig.scratch.write("low.bin", randomBytes(6_000_000, seed: 81))), priority: -1).id
        let high = try await engine.add(.upload(path: try rig.scratch.write("high.bin", randomBytes(6_000_000, seed: 82))), priority: 2).id
        await engine.pauseAll()
        #expect(await engine.settled([low, high]).map(\.state) == [.paused, .paused])
        await engine.resumeAll()
        // A run paused a moment ago may still be ending: the high one starts once its own has.
        _ = try await Self.waitFor(engine, high, seconds: 30) { $0.state == .active }
        let states = [await engine.snapshot(of: low)?.state, await engine.snapshot(of: high)?.state]
        #expect(states == [.queued, .active], "\(states)")
        await engine.shutDown()
    }

    @Test func ratesPrioritiesRemovalAndFailures() async throws {
        let rig = try await Rig(bytesPerSecond: nil)
        let engine = try rig.engine(maximumActive: 1)
        let big = try rig.scratch.write("big.bin", randomBytes(6_000_000, seed: 75))
        await engine.setRateLimit(500_000)
        await engine.start()
        let limited = try await engine.add(.upload(path: big)).id
        _ = try await Self.waitFor(engine, limited) { $0.entry.phase == "sending" }
        let start = rig.proxy.forwarded
        try await Task.sleep(for: .seconds(2))
        let crossed = rig.proxy.forwarded - start
        #expect(crossed < 1_700_000, "2 s at 500 kB/s (plus one burst and TLS overhead) let \(crossed) bytes through")
        // A missing file fails with its code; a higher-priority newcomer waits for the slot.
        let missing = try await engine.add(.upload(path: rig.scratch.path("nope")), priority: 0).id
        let urgent = try await engine.add(.download(cap: "URI:CHK:bad", destination: rig.scratch.path("x")), priority: 5).id
        let waiting = [await engine.snapshot(of: missing)?.state, await engine.snapshot(of: urgent)?.state]
        #expect(waiting == [.queued, .queued])
        // Sizes known before a transfer starts: the file's, the cap's.
        let sized = try await engine.add(.upload(path: try rig.scratch.write("sized.bin", randomBytes(1234, seed: 76)))).id
        let literal = try await engine.add(.download(cap: "URI:LIT:nbswy3dp", destination: rig.scratch.path("hello"))).id
        let totals = [await engine.snapshot(of: sized)?.entry.total, await engine.snapshot(of: literal)?.entry.total,
                      await engine.snapshot(of: missing)?.entry.total, await engine.snapshot(of: urgent)?.entry.total]
        #expect(totals == [1234, 5, 0, 0])
        // Its last word is `removed`: it passed through `queued` on the way (a script's
        // `put --json` read that just before).
        let watched = await engine.events()
        let words = Task { () -> [String] in
            var states: [String] = []
            for await event in watched {
                switch event {
                case .updated(let transfer) where transfer.id == limited: states.append(transfer.state.name)
                case .removed(let id) where id == limited: return states + ["removed"]
                default: break
                }
            }
            return states
        }
        try await engine.remove(limited)
        let said = await words.value
        #expect(said.last == "removed" && !said.contains("queued"), "\(said)")
        #expect(await engine.snapshot(of: limited) == nil)
        let failed = await engine.settled([urgent, missing, sized, literal])
        #expect(failed.map(\.state.name) == ["failed", "failed", "done", "done"])
        if case .failed(let code, _) = failed[0].state { #expect(code == "transfer.bad_cap") }
        if case .failed(let code, _) = failed[1].state { #expect(code == "file.not_found") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: rig.scratch.path("hello"))) == Data("hello".utf8))
        let journal = try Journal(path: rig.scratch.path("state/journal.sqlite")).all()
        #expect(journal.map(\.id) == [missing, urgent, sized, literal], "the removed transfer is gone from the journal")
        await engine.shutDown()
    }

    /// Twenty uploads at once, each holding its connection to the helper for a while: every
    /// one gets a connection at once (AsyncHTTPClient's default of 8 per host made the rest
    /// wait until the connect timeout and retry; with that default this test fails).
    @Test func twentyUploadsAtOnceEachGetTheirOwnConnection() async throws {
        let rig = try await Rig(bytesPerSecond: nil)
        let engine = try rig.engine(maximumActive: 20)
        // 1 MB/s for all: each upload gets 50 kB/s and holds its connection (one PATCH for
        // the whole file) for much longer than the rig's 5 s connect timeout.
        await engine.setRateLimit(1_000_000)
        let events = await engine.events()
        let retried = Task {
            var reasons: [Int64: String] = [:]
            for await event in events {
                if case .updated(let transfer) = event, case .retrying(_, let code, let message) = transfer.state {
                    reasons[transfer.id] = "\(code): \(message)"
                }
            }
            return reasons
        }
        await engine.start()
        var ids: [Int64] = []
        for number in 0..<20 {
            let path = try rig.scratch.write("part\(number).bin", randomBytes(1_000_000, seed: 200 + UInt64(number)))
            ids.append(try await engine.add(.upload(path: path)).id)
        }
        let finished = await engine.settled(ids)
        #expect(finished.allSatisfy { $0.state == .done }, "\(finished.map(\.state))")
        await engine.shutDown()
        retried.cancel()
        // Only waits for a connection count: on a loaded disk the helper's answers to twenty
        // uploads ending at once (each fsynced) can take longer than the rig's 5 s idle
        // timeout, and such a retry resumes; that is not what this test is about.
        let reasons = await retried.value
        #expect(!reasons.values.contains { $0.contains("no connection") }, "no upload had to wait for a connection and retry: \(reasons)")
    }
}
