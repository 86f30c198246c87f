import FerryIO
import Foundation

/// Test helpers that run blocking work on threads of their own (``OwnThread``).
public enum OffThePool {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await OwnThread.run(work)
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
