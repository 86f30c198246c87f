import FerryClient
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
