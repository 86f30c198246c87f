/// How many bytes per share a download's windows ask for. A server is asked for one
/// window at a time, so each window costs a round trip before its bytes flow: at 100 ms,
/// 768 KiB per share held three servers to ~14 MB/s where one plain HTTPS stream over the
/// same link carried 86 MB/s (docs/BENCHMARKS.md, session 32). When the download keeps
/// waiting for the window read ahead (the network, not the decoding, sets the pace), the
/// windows double, up to four times the first; on loopback the read ahead is in before
/// it is wanted and the windows, and the memory they take, stay as they were.
struct WindowSizing: Sendable {
    /// A wait for the read ahead at least this long is the network setting the pace (on
    /// loopback a window's reads take a few milliseconds).
    static let slowWait: Duration = .milliseconds(20)
    /// Waits in a row that make the windows grow (one could be a hiccup of a busy machine).
    static let slowWindows = 2

    let most: Int
    private(set) var bytes: Int
    private var slowInARow = 0

    init(first: Int) {
        bytes = first
        most = first * 4
    }

    /// Takes in how long the download waited for a window read ahead.
    mutating func waited(_ wait: Duration) {
        guard wait >= Self.slowWait else {
            slowInARow = 0
            return
        }
        slowInARow += 1
        if slowInARow >= Self.slowWindows {
            bytes = min(bytes * 2, most)
            slowInARow = 0
        }
    }
}
