import FaultProxy
import FerryClient
import FerryTestSupport
@testable import FerryStorage
import Foundation
import Testing

/// The fault-injecting proxy: its pure plan, then real connections through it.
@Suite struct FaultStateTests {
    @Test func cutsAtEveryMultipleAcrossReads() {
        var state = FaultState(plan: FaultPlan(cutEvery: 100))
        #expect(state.admit(60, now: 0) == .pass(60, cut: false))
        #expect(state.admit(60, now: 0) == .pass(40, cut: true), "the read that crosses 100 is cut at 100")
        #expect(state.admit(20, now: 0) == .pass(20, cut: false))
        #expect(state.admit(500, now: 0) == .pass(80, cut: true))
        #expect(state.cuts == 2 && state.forwarded == 200)
    }

    @Test func stallsOnceAtTheirMarksThenGoOn() {
        var state = FaultState(plan: FaultPlan(stalls: [.init(afterBytes: 50, seconds: 3)]))
        #expect(state.admit(80, now: 0) == .pass(50, cut: false))
        #expect(state.admit(30, now: 1) == .wait(3))
        #expect(state.admit(30, now: 2.5) == .wait(1.5))
        #expect(state.admit(30, now: 4) == .pass(30, cut: false), "each stall happens once")
        #expect(state.admit(30, now: 4) == .pass(30, cut: false))
    }

    @Test func bandwidthIsHeldToTheRate() {
        var state = FaultState(plan: FaultPlan(bytesPerSecond: 100_000))
        var now = 0.0, moved = 0
        while now < 2 {
            switch state.admit(65536, now: now) {
            case .pass(let count, _): moved += count
            case .wait(let seconds): now += seconds
            }
        }
        #expect(moved > 180_000 && moved < 220_000, "about 2 s × 100 kB/s: \(moved)")
    }

    @Test func refusesUntilTheTimeComes() {
        var state = FaultState(plan: FaultPlan(refuseUntil: 5))
        #expect(state.refuses(now: 4.9) && !state.refuses(now: 5))
        state.plan.refuseUntil = nil
        #expect(!state.refuses(now: 0))
    }

    @Test func changingTheCutIntervalCountsFromWhatPassed() {
        var state = FaultState(plan: FaultPlan())
        #expect(state.admit(250, now: 0) == .pass(250, cut: false))
        state.plan.cutEvery = 100
        #expect(state.admit(100, now: 0) == .pass(50, cut: true), "next multiple of 100 after 250")
    }
}

@Suite(.serialized) struct FaultProxyTests {
    /// A delay holds every byte back, each way, and a long link still carries them all, in
    /// order; what is in flight is bounded, so the proxy never sits on a whole stream.
    @Test func aDelayedLinkTakesItsTimeAndKeepsEveryByteInOrder() throws {
        let echo = try EchoServer()
        let delay = 0.15
        let proxy = try FaultProxy(targetPort: echo.port, plan: FaultPlan(delay: delay))
        let client = try EchoServer.connect(to: proxy.port)
        defer { close(client) }
        var random = SplitMix64(seed: 32)
        let sent = (0..<(12 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let started = ContinuousClock.now
        Thread.detachNewThread { _ = EchoServer.send(client, sent[...]) }
        var back = [UInt8](repeating: 0, count: sent.count)
        var got = 0
        var firstBack: Duration?
        while got < back.count {
            let count = back.withUnsafeMutableBytes { read(client, $0.baseAddress! + got, $0.count - got) }
            guard count > 0 else { break }
            if firstBack == nil { firstBack = ContinuousClock.now - started }
            got += count
        }
        let same = back == sent  // apart: a failed #expect of large arrays diffs them for minutes
        #expect(got == sent.count && same, "\(got) of \(sent.count) bytes came back, in order: \(same)")
        #expect(firstBack! >= .seconds(2 * delay), "the first byte came back after \(firstBack!), a round trip is \(2 * delay) s")
        // 12 MiB each way with at most 4 MiB on its way per direction: at least 3 one-way
        // delays for the last byte to cross, and the same back.
        #expect(ContinuousClock.now - started >= .seconds(4 * delay))
    }

    @Test func realConnectionsAreCutRefusedAndStalled() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("storage"))
        let proxy = try FaultProxy(targetPort: server.nurl.port)
        let through = NURL(spkiHash: server.nurl.spkiHash, host: "127.0.0.1", port: proxy.port, swissnum: server.nurl.swissnum)
        // Plain: the version answers through the proxy.
        let version = try await StorageClient.with(through) { try await $0.version() }
        #expect(version.maximumImmutableShareSize > 0 && proxy.forwarded > 0)
        // Cut after a few bytes: the TLS handshake breaks.
        let sofar = proxy.forwarded
        proxy.update { $0.cutEvery = sofar + 100 }
        await expectStorageError("storage.transport") { _ = try await StorageClient.with(through) { try await $0.version() } }
        #expect(proxy.cuts == 1)
        // Refusing: reset at once.
        let now = proxy.now
        proxy.update { $0.cutEvery = nil; $0.refuseUntil = now + 60 }
        await expectStorageError("storage.transport") { _ = try await StorageClient.with(through) { try await $0.version() } }
        // The same through the helper's client names the helper, so a person reading the
        // retry knows which end is down.
        await #expect(throws: TransferError.self) {
            do { try await StorageClient.with(through) { try await HelperClient(transport: $0).ping() } } catch let error as TransferError {
                #expect(error.code == "helper.transport" && error.isRetryable, "\(error)")
                throw error
            }
        }
        // A silent stall longer than the idle timeout reads as a stall.
        let mark = proxy.forwarded + 10
        // (30 s: on a loaded machine a shorter stall could end before the client's 1 s
        // deadline even began, and a retried connection would answer.)
        proxy.update { $0.refuseUntil = nil; $0.stalls = [.init(afterBytes: mark, seconds: 30)] }
        do {
            _ = try await StorageClient.with(through, idleTimeout: .seconds(1)) { try await $0.version() }
            Issue.record("a stalled connection answered")
        } catch let error as StorageError {
            #expect(error.message.contains("stalled"), "\(error)")
        }
        withExtendedLifetime(server) {}
    }
}
