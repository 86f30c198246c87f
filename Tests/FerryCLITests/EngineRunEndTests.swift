import FerryClient
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// A cancelled run is not over at once (a download commits its part file first): a pause
/// and resume in quick succession, or a removal and the same get again, must not start a
/// second run beside it, and another process must not take the transfer meanwhile.
@Suite struct EngineRunEndTests {
    /// Runs until cancelled, then takes `ending` to finish (as a download's last commit
    /// does); counts the runs going at once, and the most ever seen.
    final class SlowToEndRunner: TransferRunner {
        let ending: Duration
        let counts = Mutex((now: 0, most: 0, started: 0))

        init(ending: Duration) { self.ending = ending }

        func run(_ request: TransferRequest, grant: @escaping @Sendable (Int) async throws -> Int,
                 report: @escaping @Sendable (RunnerEvent) -> Void) async throws(TransferError) -> String? {
            counts.withLock { ($0.now, $0.most, $0.started) = ($0.now + 1, max($0.most, $0.now + 1), $0.started + 1) }
            report(.phase("receiving"))
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            // Sleeping on a thread of its own: a cancelled task's Task.sleep ends at once.
            try? await OffThePool.run { [ending] in usleep(useconds_t(ending.components.seconds * 1_000_000 + ending.components.attoseconds / 1_000_000_000_000)) }
            counts.withLock { $0.now -= 1 }
            throw .cancelled
        }
    }

    @Test func aPauseAndResumeAtOnceWaitForTheRunToEnd() async throws {
        let (engine, runner, id, directory) = try await Self.running(ending: .milliseconds(400))
        await engine.pause(id)
        // Another process looking now finds the transfer still held: its run is ending.
        let elsewhere = TransferClaims(directory: directory.path + "/claims")
        #expect(elsewhere.isClaimed(id), "held while the cancelled run ends")
        await engine.resume(id)
        #expect(await engine.snapshot(of: id)?.entry.state == .queued, "queued until the run has ended")
        try await EngineSilenceTests.until(engine, id) { $0.entry.state == .active && $0.entry.phase == "receiving" }
        let seen = runner.counts.withLock { $0 }
        #expect(seen.most == 1 && seen.started == 2, "one run at a time, then the second: \(seen)")
        await engine.shutDown()
        // A child process another test is starting holds a copy of every descriptor between
        // its fork and exec (lock files are close-on-exec): the lock may take a moment to go.
        let freed = try await OffThePool.when({ !elsewhere.isClaimed(id) }, every: 0.05, within: 10) { () }
        #expect(freed.met, "let go once stopped")
    }

    @Test func aRemovedTransferIsGoneOnlyOnceItsRunHasEnded() async throws {
        let (engine, runner, id, directory) = try await Self.running(ending: .milliseconds(400))
        let request = TransferRequest.download(cap: "URI:LIT:", destination: directory.path + "/out")
        try await engine.remove(id)
        #expect(runner.counts.withLock { $0.now } == 0, "the run has ended when remove returns")
        #expect(await engine.snapshot(of: id) == nil)
        let again = try await engine.add(request).id
        try await EngineSilenceTests.until(engine, again) { $0.entry.phase == "receiving" }
        #expect(runner.counts.withLock { $0.most } == 1)
        await engine.shutDown()
    }

    /// A child process being started holds a copy of every descriptor until its exec, the
    /// claim's lock among them: a transfer resumed while its run was ending, its claim let go
    /// and taken again, found the lock held and passed for another process's (queued for good
    /// in a test, CI load). It is started again under the claim it holds.
    @Test func aResumedTransferKeepsItsClaimWhileAChildHoldsACopy() async throws {
        let (engine, runner, id, directory) = try await Self.running(ending: .milliseconds(300))
        // What a fork leaves in the child: a copy of the engine's descriptor of the lock.
        let lock = directory.path + "/claims/\(id).lock"
        let copy = try #require(Self.duplicateOfDescriptor(opening: lock))
        defer { close(copy) }
        await engine.pause(id)
        await engine.resume(id)
        try await EngineSilenceTests.until(engine, id) { $0.entry.state == .active }
        #expect(runner.counts.withLock { $0.started } == 2)
        await engine.shutDown()
    }

    /// A pause of a transfer another process runs (its claim held there) goes through the
    /// journal, which that process follows: it did nothing (a screen's key, a user test).
    @Test func aPauseOfATransferRunElsewhereReachesItsRunner() async throws {
        let (runner, _, id, directory) = try await Self.running(ending: .zero, watchInterval: 0.1)
        let agent = try TransferEngine(journal: Journal(path: directory.path + "/journal.sqlite"), runner: SlowToEndRunner(ending: .zero),
                                       settings: .init(watchInterval: 0.1), claims: TransferClaims(directory: directory.path + "/claims"))
        await agent.start()
        #expect(await agent.snapshot(of: id)?.entry.state == .active, "run by the other engine, as this one sees it")
        await agent.pause(id)
        try await EngineSilenceTests.until(runner, id) { $0.entry.state == .paused }
        try await EngineSilenceTests.until(agent, id) { $0.entry.state == .paused }
        await agent.shutDown()
        await runner.shutDown()
    }

    /// An engine with claims in `directory/claims`, its one download running on a runner
    /// that takes `ending` to end once cancelled.
    static func running(ending: Duration, watchInterval: Double = 0) async throws -> (TransferEngine, SlowToEndRunner, Int64, TemporaryDirectory) {
        let directory = TemporaryDirectory("ferry-engine-run-end-")
        let runner = SlowToEndRunner(ending: ending)
        let engine = try TransferEngine(journal: Journal(path: directory.path + "/journal.sqlite"), runner: runner,
                                        settings: .init(watchInterval: watchInterval), claims: TransferClaims(directory: directory.path + "/claims"))
        let id = try await engine.add(.download(cap: "URI:LIT:", destination: directory.path + "/out")).id
        await engine.start()
        try await EngineSilenceTests.until(engine, id) { $0.entry.phase == "receiving" }
        return (engine, runner, id, directory)
    }

    /// A duplicate of this process's open descriptor of `path` (found in /proc/self/fd).
    static func duplicateOfDescriptor(opening path: String) -> Int32? {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            guard let fd = Int32(name),
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"),
                  target == path else { continue }
            return dup(fd)
        }
        return nil
    }
}
