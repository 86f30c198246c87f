import Synchronization

/// A blocking clean-up (stopping nodes) that runs once: from ``run()``, waiting off Swift's
/// task pool, or else from ``runNow()`` when its owner goes (a deinit cannot wait).
public final class CleanupOnce: Sendable {
    private let work: Mutex<(@Sendable () -> Void)?>

    public init(_ work: @escaping @Sendable () -> Void) { self.work = Mutex(work) }

    public func run() async {
        guard let work = take() else { return }
        _ = try? await OffThePool.run(work)
    }

    public func runNow() { take()?() }

    private func take() -> (@Sendable () -> Void)? {
        work.withLock { work in
            let taken = work
            work = nil
            return taken
        }
    }
}
