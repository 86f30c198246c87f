/// Says a recurring event at most once a period, with how many times it happened: the first
/// at once, the rest counted and said with the next one after the period (a scanner trying
/// NURLs must not fill the log). Pure; the caller brings the time.
public struct LogThrottle: Sendable {
    public let period: Double
    private var lastSaid: Double?
    private var unsaid = 0

    public init(period: Double) { self.period = period }

    /// Records one event at `now` (seconds); returns how many to say now, or nil to stay quiet.
    public mutating func record(at now: Double) -> Int? {
        unsaid += 1
        if let lastSaid, now - lastSaid < period { return nil }
        lastSaid = now
        defer { unsaid = 0 }
        return unsaid
    }
}
