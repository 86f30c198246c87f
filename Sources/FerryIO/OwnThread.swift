import Foundation

/// Runs blocking work on a thread of its own, so no thread of Swift's task pool waits in
/// it. The pool has a thread per core, shared with the dispatch queue signal handlers run
/// on: `put -` read a pipe that never ended on a pool thread, and its Ctrl-C handler never
/// got a thread (CI, session 20: a minute after SIGINT the process still read, its only
/// pool thread in `poll`, the handler queued behind it). Tests wait for child processes
/// with it too: two tests blocked in `waitUntilExit` on a 2-core machine froze every
/// other test's tasks (CI, session 10).
public enum OwnThread {
    public static func run<T: Sendable, Failure: Error>(_ work: @escaping @Sendable () throws(Failure) -> T) async throws(Failure) -> T {
        let result: Result<T, Failure> = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: Result { () throws(Failure) -> T in try work() }) }
        }
        return try result.get()
    }
}
