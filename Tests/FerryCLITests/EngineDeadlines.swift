import FerryClient
import Synchronization
import Testing

/// An engine's waits with a deadline, for tests: a transfer that never ends, or a run that
/// never stops, fails its test with what the engine holds, instead of holding the whole test
/// process (and CI) until its limit.
extension TransferEngine {
    /// ``settle(_:)``, or after `seconds` (far beyond any test's transfers) an issue with
    /// the transfers' snapshots and those snapshots.
    func settled(_ ids: [Int64], within seconds: Double = 300) async -> [TransferSnapshot] {
        if let settled = await Deadline.run(within: seconds, { await self.settle(ids) }) { return settled }
        var snapshots: [TransferSnapshot] = []
        for id in ids { if let snapshot = await snapshot(of: id) { snapshots.append(snapshot) } }
        Issue.record("transfers \(ids) did not settle within \(Int(seconds)) s: \(snapshots)")
        return snapshots
    }

    /// ``shutdown()``, or after `seconds` an issue naming the transfers still running.
    func shutDown(within seconds: Double = 120) async {
        guard await Deadline.run(within: seconds, { await self.shutdown() }) == nil else { return }
        let running = await snapshot().transfers.filter { $0.state == .active }.map(\.id)
        Issue.record("the engine did not shut down within \(Int(seconds)) s (active: \(running))")
    }
}

/// Runs async work with a deadline without waiting for it past the deadline.
final class Deadline<T: Sendable>: Sendable {
    private let waiting = Mutex<CheckedContinuation<T?, Never>?>(nil)
    private let worker = Mutex<Task<Void, Never>?>(nil)

    private init() {}

    /// `work`'s result, or nil once `seconds` have passed first (the work is cancelled then
    /// and left to end when it does). Continuations are resumed outside the locks.
    static func run(within seconds: Double, _ work: @escaping @Sendable () async -> T) async -> T? {
        let race = Deadline()
        return await withCheckedContinuation { continuation in
            race.waiting.withLock { $0 = continuation }
            let timer = Task {
                try? await Task.sleep(for: .seconds(seconds))
                // Cancelled: the work ended first (its result is on its way).
                guard !Task.isCancelled, let late = race.waiting.withLock({ $0.take() }) else { return }
                late.resume(returning: nil)
                race.worker.withLock { $0 }?.cancel()
            }
            let running = Task {
                let value = await work()
                let waiting = race.waiting.withLock { $0.take() }
                timer.cancel()
                waiting?.resume(returning: value)
            }
            race.worker.withLock { $0 = running }
        }
    }
}
