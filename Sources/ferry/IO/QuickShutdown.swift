import AsyncHTTPClient
import Synchronization

/// Shuts an HTTP client down as a screen or a command ends, waiting for it only so long:
/// closing a TLS connection to a server that stopped answering (a helper stopped with
/// SIGSTOP, a link gone quiet), or one still being made to a server a download went on
/// without, waits for it to time out: the shell prompt came back seconds after the screen
/// had gone, and `get` ended 8 s after saying "done" with a frozen storage server. The
/// process ends right after, connections and all.
enum QuickShutdown {
    static func run(_ http: HTTPClient, within limit: Duration = .seconds(1)) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once()
            Task {
                try? await http.shutdown()
                if once.first() { continuation.resume() }
            }
            Task {
                try? await Task.sleep(for: limit)
                if once.first() { continuation.resume() }
            }
        }
    }

    /// True for the first caller only.
    private final class Once: Sendable {
        private let taken = Atomic(false)

        func first() -> Bool { !taken.exchange(true, ordering: .acquiringAndReleasing) }
    }
}
