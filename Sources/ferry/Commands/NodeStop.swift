import FerryIO
import FerryStorage
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
            NodeStopping.request()  // uploads under way end at their next piece, keeping what arrived
            Thread.detachNewThread {
                // At once when nothing is under way; else as soon as it ends, or at the grace's end.
                for _ in 0..<(grace * 20) where RequestsUnderWay.current > 0 { usleep(50_000) }
                let left = RequestsUnderWay.current
                NodeLog.write(left == 0 ? "\(name): stopped" : "\(name): stopped with \(left) request\(left == 1 ? "" : "s") still under way")
                _exit(0)
            }
        }
        defer { watch.cancel() }
        return try await body()
    }
}
