@testable import FerryClient
import FerryCore
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// A running transfer whose bytes stop arriving reports nothing, yet its speed must fall:
/// a user saw "4.00 MiB/s, ETA 21s" for 24 s after the grid was stopped.
@Suite struct EngineSilenceTests {
    /// Reports the phases and byte counts a test hands it, and nothing else, until cancelled.
    final class HandFedRunner: TransferRunner {
        let next = Mutex<UInt64?>(nil)
        let phase = Mutex<String?>(nil)
        /// The engine's clock, moved by the test.
        let now = Mutex(0.0)

        func run(_ request: TransferRequest, grant: @escaping @Sendable (Int) async throws -> Int,
                 report: @escaping @Sendable (RunnerEvent) -> Void) async throws(TransferError) -> String? {
            report(.phase("receiving"))
            report(.progress(done: 0, total: 100_000_000))
            while !Task.isCancelled {
                if let phase = phase.withLock({ value -> String? in defer { value = nil }; return value }) { report(.phase(phase)) }
                if let bytes = next.withLock({ value -> UInt64? in defer { value = nil }; return value }) {
                    report(.progress(done: bytes, total: 100_000_000))
                }
                try? await Task.sleep(for: .milliseconds(5))
            }
            throw .cancelled
        }
    }

    @Test func aTransferWhoseBytesStopSlowsDown() async throws {
        let (engine, runner, id, directory) = try await Self.running()
        defer { _ = directory }
        runner.now.withLock { $0 = 1 }
        runner.next.withLock { $0 = 10_000_000 }
        let moving = try await Self.until(engine, id) { $0.entry.done == 10_000_000 }
        #expect(moving.speed == 10_000_000)
        runner.now.withLock { $0 = 2 }
        await engine.meterSilence()
        let quiet = try #require(await engine.snapshot(of: id))
        #expect(quiet.speed < moving.speed * 0.8, "a silent second counts: \(quiet.speed)")
        runner.now.withLock { $0 = 10 }
        await engine.meterSilence()
        #expect(try #require(await engine.snapshot(of: id)).speed < quiet.speed)
        await engine.shutDown()
    }

    /// Paused, its last minute empties as the seconds go: its graph and average stood as
    /// they were when it stopped (a user test).
    @Test func aPausedTransfersLastMinuteEmpties() async throws {
        let (engine, runner, id, directory) = try await Self.running()
        defer { _ = directory }
        runner.now.withLock { $0 = 1 }
        runner.next.withLock { $0 = 10_000_000 }
        try await Self.until(engine, id) { $0.entry.done == 10_000_000 }
        await engine.pause(id)
        #expect(try #require(await engine.snapshot(of: id)).history.contains { $0 > 0 })
        runner.now.withLock { $0 = 30 }
        await engine.meterSilence()
        let half = try #require(await engine.snapshot(of: id)).history
        #expect(half.count == 30 && half.last == 0, "\(half)")
        runner.now.withLock { $0 = 100 }
        await engine.meterSilence()
        #expect(try #require(await engine.snapshot(of: id)).history.allSatisfy { $0 == 0 }, "a minute later, nothing moved in it")
        await engine.shutDown()
    }

    /// A new phase counts new bytes: a resumed upload's jump to the helper's offset is not speed.
    @Test func aNewPhaseStartsTheSpeedAgain() async throws {
        let (engine, runner, id, directory) = try await Self.running()
        defer { _ = directory }
        runner.phase.withLock { $0 = "sending" }
        try await Self.until(engine, id) { $0.entry.phase == "sending" }
        runner.now.withLock { $0 = 0.5 }
        runner.next.withLock { $0 = 60_000_000 }  // the other side already had 60 MB
        try await Self.until(engine, id) { $0.entry.done == 60_000_000 }
        runner.now.withLock { $0 = 1.5 }
        runner.next.withLock { $0 = 61_000_000 }
        let sending = try await Self.until(engine, id) { $0.entry.done == 61_000_000 }
        #expect(sending.speed == 1_000_000, "\(sending.speed)")
        await engine.shutDown()
    }

    /// An engine on a hand-fed runner and a clock the test moves, its one transfer started
    /// (phase "receiving", 0 of 100 MB at time 0); the directory lives as long as it is held.
    static func running() async throws -> (TransferEngine, HandFedRunner, Int64, TemporaryDirectory) {
        let directory = TemporaryDirectory("ferry-engine-speed-")
        let runner = HandFedRunner()
        let engine = try TransferEngine(journal: Journal(path: directory.path + "/journal.sqlite"), runner: runner,
                                        settings: .init(watchInterval: 0), clock: { runner.now.withLock { $0 } })
        let id = try await engine.add(.download(cap: "URI:LIT:", destination: directory.path + "/out")).id
        await engine.start()
        try await until(engine, id) { $0.entry.phase == "receiving" && $0.entry.total == 100_000_000 }
        return (engine, runner, id, directory)
    }

    @discardableResult
    static func until(_ engine: TransferEngine, _ id: Int64, _ condition: (TransferSnapshot) -> Bool) async throws -> TransferSnapshot {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let snapshot = await engine.snapshot(of: id), condition(snapshot) { return snapshot }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("transfer \(id) never got there: \(String(describing: await engine.snapshot(of: id)))")
        throw CancellationError()
    }
}
