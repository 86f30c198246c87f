import Foundation
import Synchronization

/// When a transfer's backoff waits ended, and when bytes crossed the fault proxies: samples
/// the proxies' byte count every millisecond and answers, for each wait that ended, how long
/// it took until data flowed again (at least `threshold` bytes past the count at that moment,
/// so a refused connect or a bare TLS handshake does not count).
final class FlowTimeline: Sendable {
    private struct Sample { let time: Double; let bytes: UInt64 }
    private let start = Date()
    private let samples = Mutex<[Sample]>([])
    private let backoffEnds = Mutex<[Double]>([])
    private let threshold: UInt64

    init(threshold: UInt64 = 64 << 10) {
        self.threshold = threshold
    }

    var now: Double { Date().timeIntervalSince(start) }

    /// A retry was announced now, to start after `delay` seconds.
    func retrying(after delay: Double) {
        let end = now + delay
        backoffEnds.withLock { $0.append(end) }
    }

    /// Samples `bytes` every millisecond until the task is cancelled.
    func sample(_ bytes: @escaping @Sendable () -> UInt64) -> Task<Void, Never> {
        Task.detached { [self] in
            var last: UInt64 = .max
            while !Task.isCancelled {
                let count = bytes()
                if count != last {
                    let time = now
                    samples.withLock { $0.append(Sample(time: time, bytes: count)) }
                    last = count
                }
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
    }

    /// Seconds from `moment` until data flowed (nil if it never did).
    func flowDelay(after moment: Double) -> Double? {
        samples.withLock { samples in
            let base = samples.last { $0.time <= moment }?.bytes ?? 0
            return samples.first { $0.time > moment && $0.bytes >= base + threshold }.map { $0.time - moment }
        }
    }

    /// For each backoff wait after which data flowed before the next wait ended: the delay
    /// from its end to the flow. Waits ended by another failure (a refused connect) are left out.
    func resumeDelays() -> [Double] {
        let ends = backoffEnds.withLock { $0 }.sorted()
        return ends.enumerated().compactMap { index, end in
            guard let delay = flowDelay(after: end) else { return nil }
            if index + 1 < ends.count, end + delay > ends[index + 1] { return nil }
            return delay
        }
    }

    /// The last backoff end before `moment`.
    func lastBackoffEnd(before moment: Double) -> Double? {
        backoffEnds.withLock { $0.filter { $0 <= moment }.max() }
    }
}
