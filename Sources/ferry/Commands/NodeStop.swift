import FerryIO
import Foundation

/// A node told to stop (SIGTERM, Ctrl-C) says so, and ends within a bound: Hummingbird's
/// graceful shutdown waits for every request under way, and a helper stopped under a slow
/// upload held `systemctl stop` for as long as the client took to send the rest, saying
/// nothing (operator test). What was acknowledged is on disk (fsynced before it is said), so
/// ending the rest is a `kill -9`, which the tests do: the client goes on from what was kept.
enum NodeStop {
    /// Seconds requests under way get once the node is told to stop.
    static let grace: UInt32 = 5

    /// Watches for the signals while `body` serves.
    static func bounded<T>(name: String, _ body: () async throws -> T) async throws -> T {
        let watch = SignalWatch([SIGTERM, SIGINT]) {
            NodeLog.write("\(name): stopping; requests under way get \(grace) s to end (what they sent and was acknowledged is kept)")
            Thread.detachNewThread {
                sleep(grace)
                NodeLog.write("\(name): stopped with requests still under way")
                _exit(0)
            }
        }
        defer { watch.cancel() }
        return try await body()
    }
}
