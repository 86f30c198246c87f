import Foundation
import Synchronization

/// Ends the test process when a piece of async work stops making progress: a deadlock that
/// blocks every thread of Swift's task pool leaves no task to record a failure, and the run
/// would sit there until CI's hard limit. The work calls ``tick()`` as it goes; the watch,
/// on a thread of its own, counts only silence (a busy machine slows the work, and the
/// parallel phase's load took one such test past a minute in all).
public final class HangWatch: Sendable {
    private let ticks = Atomic(0)
    private let done = Atomic(false)

    private init() {}

    /// Notes progress.
    public func tick() { ticks.add(1, ordering: .relaxed) }

    /// Runs `work`; if it goes `seconds` without a tick and without returning, says so on
    /// standard error and exits the process with status 70.
    public static func run<T>(_ what: String, quietFor seconds: Double, _ work: (HangWatch) async throws -> T) async rethrows -> T {
        let watch = HangWatch()
        Thread.detachNewThread {
            var seen = -1
            var deadline = Date()
            while !watch.done.load(ordering: .acquiring) {
                let now = watch.ticks.load(ordering: .relaxed)
                if now != seen { (seen, deadline) = (now, Date().addingTimeInterval(seconds)) }
                if Date() > deadline {
                    FileHandle.standardError.write(Data("HangWatch: \(what) made no progress for \(seconds) s: the process hangs; ending it\n".utf8))
                    exit(70)
                }
                usleep(50_000)
            }
        }
        defer { watch.done.store(true, ordering: .releasing) }
        return try await work(watch)
    }
}
