import Foundation

/// Runs blocking work (waiting for a child process, its pipes, a poll with sleeps) on a
/// thread of its own instead of one of Swift's task-pool threads. The pool has one thread
/// per core; two tests blocked in `waitUntilExit` on this 2-core machine froze every
/// other test's tasks, and a StorageClient whose task could not take its answer stopped
/// reading and failed after the 10 s idle timeout ("stalled": CI, session 10).
public enum OffThePool {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Polls `condition` every `interval` seconds for up to `seconds`, then runs `action` at
    /// once, both on a thread of their own: a test's task could wait seconds for a turn on
    /// the busy pool, and the transfer it acts on would be over by then. `met` says whether
    /// the condition held before time ran out (the action runs either way).
    public static func when<T: Sendable>(_ condition: @escaping @Sendable () -> Bool, every interval: Double, within seconds: Double,
                                         then action: @escaping @Sendable () throws -> T) async throws -> (met: Bool, result: T) {
        try await run {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition() { return (true, try action()) }
                usleep(useconds_t(interval * 1_000_000))
            }
            return (false, try action())
        }
    }
}
