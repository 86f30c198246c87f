/// A transfer's speed as people want to read it: smoothed over a few seconds (an
/// exponentially weighted average of one-second samples), an ETA from it, and the last
/// minute of samples for a graph. Pure: the caller passes the time and the byte count.
public struct SpeedMeter: Sendable {
    /// Samples kept for the history (one per second).
    public static let historyLength = 60
    /// Weight of the newest sample.
    static let weight = 0.3

    public private(set) var bytesPerSecond: Double = 0
    /// Bytes per second, one per elapsed second since the last ``restart()``, oldest first.
    public private(set) var history: [Double] = []
    private var mark: (time: Double, bytes: UInt64)?
    /// Seconds in a row with nothing moved.
    private var quiet = 0
    /// When bytes last moved, and the time between moves lately: on a slow link bytes come
    /// a chunk every few seconds, and the seconds between read as stops (the speed showed
    /// "-" for 3 to 5 s out of every 6 at 300 KB/s).
    private var lastMove: Double?
    private var gap: Double = 0

    public init() {}

    /// Notes that `bytes` have been moved in all by `now`. Seconds with nothing moving count
    /// as zero; two of them in a row make the speed 0, or on a link whose bytes come in
    /// bursts, one and a half times the time between bursts (at most 8 s).
    public mutating func record(bytes: UInt64, now: Double) {
        guard let mark else { return self.mark = (now, bytes) }
        let elapsed = now - mark.time
        guard elapsed >= 1 else { return }
        let sample = Double(bytes &- min(bytes, mark.bytes)) / elapsed
        var speed = history.isEmpty ? sample : Self.weight * sample + (1 - Self.weight) * bytesPerSecond
        let seconds = min(Int(elapsed), Self.historyLength)
        history.append(contentsOf: repeatElement(sample, count: seconds))
        if history.count > Self.historyLength { history.removeFirst(history.count - Self.historyLength) }
        if sample > 0 {
            if let lastMove { gap = max(gap * 0.8, now - lastMove) }
            lastMove = now
        }
        // Bursts: the mean over two of their periods, not an average that leaps at each one.
        let bursty = gap >= 2
        if bursty {
            let window = min(history.count, Int((gap * 2).rounded(.up)))
            speed = history.suffix(window).reduce(0, +) / Double(window)
        }
        // Two seconds with nothing moving read 0 at once (the average fell away slowly: a
        // stalled upload read 507 KiB/s, then 49 B/s, with an ETA of days).
        quiet = sample == 0 ? quiet + seconds : 0
        if quiet >= (bursty ? min(8, Int((gap * 1.5).rounded(.up))) : 2) { speed = 0 }
        bytesPerSecond = speed
        self.mark = (now, bytes)
    }

    /// Starts afresh: after a pause or a retry's wait (idle time is not a slow second), and
    /// at a new phase, whose bytes are another kind (a resumed upload's hashing ran at
    /// 96 MiB/s: kept, it made the ETA of the sending after it 2 s and its average a lie).
    public mutating func restart() {
        mark = nil
        quiet = 0
        bytesPerSecond = 0
        history = []
        lastMove = nil
        gap = 0
    }

    /// Counts on from the next byte count, keeping the speed and graph so far: after a
    /// retry's wait, or a resumed send's jump to the helper's offset, neither of which is a
    /// second of speed. Restarting there instead, on a link cut every second or two, left
    /// the meter never a whole second old: "now 0 B/s · avg 0 B/s" and an empty graph after
    /// 16 s of sending (a user test).
    public mutating func rebase() {
        mark = nil
        quiet = 0
        lastMove = nil
    }

    /// Seconds left for `remaining` bytes at the mean speed of the last ten seconds (steadier
    /// than the shown speed: from it the ETA jumped 1:31, 1:16, 1:23, 1:28, 1:13 within four
    /// seconds at a rate limit); nil when nothing moves.
    public func eta(remaining: UInt64) -> Double? {
        let recent = history.suffix(Self.etaWindow)
        let speed = recent.isEmpty ? bytesPerSecond : recent.reduce(0, +) / Double(recent.count)
        return bytesPerSecond > 1 && speed > 1 ? Double(remaining) / speed : nil
    }

    /// Seconds of history the ETA averages.
    static let etaWindow = 10
}
