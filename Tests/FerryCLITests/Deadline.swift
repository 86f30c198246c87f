import Synchronization

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
