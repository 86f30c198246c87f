/// When a node receiving a request body sends an interim `102 Processing`: once a second
/// while body bytes keep arriving, never once the final answer has begun. An upload's last
/// megabytes can sit in socket buffers (the sender's, a proxy's or an ssh tunnel's) and
/// drain at the link's pace; the client's idle read timer starts when its last byte enters
/// its own buffer, so with nothing coming back it called a slow link stalled, cut the
/// request, and sent the tail again, over and over (an 8 MB upload at 500 kB/s never
/// finished). The interim answers say "bytes still arrive" and reset that timer.
public struct InterimPacing: Sendable {
    /// Seconds between interim answers.
    public let every: Double
    /// When the last interim answer (or the request's head) went, while one may still go.
    private var last: Double?

    public init(every: Double) {
        self.every = every
    }

    /// A request's head arrived: its body's interim answers count from now.
    public mutating func requestBegan(now: Double) {
        last = now
    }

    /// Body bytes arrived; true when an interim answer is due (and counted as sent).
    public mutating func bodyArrived(now: Double) -> Bool {
        guard let last, now - last >= every else { return false }
        self.last = now
        return true
    }

    /// The body ended or the final answer began: nothing more until the next request.
    public mutating func stop() {
        last = nil
    }
}
