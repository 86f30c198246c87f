/// How many bytes per share a download's windows ask for. A server is asked for one
/// window at a time, so each window costs a round trip before its bytes flow: at 100 ms,
/// 768 KiB per share held three servers to ~14 MB/s where one plain HTTPS stream over the
/// same link carried 86 MB/s (docs/BENCHMARKS.md, session 32). When the download keeps
/// waiting for the window read ahead (the network, not the decoding, sets the pace), the
/// windows double, up to four times the first; when opening the shares showed a long round
/// trip, they start at that. A failed read takes them back to the first size. On loopback
/// the read ahead is in before it is wanted and the windows, and the memory they take, stay
/// as they were.
struct WindowSizing: Sendable {
    /// A wait for the read ahead at least this long is the network setting the pace (on
    /// loopback a window's reads take a few milliseconds).
    static let slowWait: Duration = .milliseconds(20)
    /// Waits in a row that make the windows grow (one could be a hiccup of a busy machine).
    static let slowWindows = 2

    let first: Int
    let most: Int
    private(set) var bytes: Int
    private var slowInARow = 0

    /// `roundTrip`: how long a small read took when the shares were opened; one as long as
    /// a slow wait starts the windows at their largest (the link is long from the start).
    init(first: Int, growth: Int = 4, roundTrip: Duration = .zero) {
        self.first = first
        most = first * max(1, growth)
        bytes = roundTrip >= Self.slowWait ? most : first
    }

    /// A window's read failed (a cut, a stall, a server replaced): back to the first size,
    /// so a link that breaks often still moves between its breaks.
    mutating func failed() {
        bytes = first
        slowInARow = 0
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
