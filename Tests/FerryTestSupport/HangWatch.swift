import Foundation
import Synchronization

/// Ends the test process when a piece of async work has not finished in time: a deadlock
/// that blocks every thread of Swift's task pool leaves no task to record a failure, and
/// the run would sit there until CI's hard limit. The watch runs on a thread of its own.
public final class HangWatch: Sendable {
    private let done = Atomic(false)

    private init() {}

    /// Runs `work`; if it has not returned after `seconds`, says so on standard error and
    /// exits the process with status 70.
    public static func run<T>(_ what: String, within seconds: Double, _ work: () async throws -> T) async rethrows -> T {
        let watch = HangWatch()
        Thread.detachNewThread {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if watch.done.load(ordering: .acquiring) { return }
                usleep(50_000)
            }
            FileHandle.standardError.write(Data("HangWatch: \(what) did not finish in \(seconds) s: the process hangs; ending it\n".utf8))
            exit(70)
        }
        defer { watch.done.store(true, ordering: .releasing) }
        return try await work()
    }
}
