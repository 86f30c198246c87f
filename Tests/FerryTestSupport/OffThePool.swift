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
}

/// A value that is not Sendable (a `Process`, say) handed to or from the thread
/// ``OffThePool`` runs, by a test that uses it from one place at a time.
public struct HandedOver<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
