import FerryCore

/// What changed between the config an agent runs with and the file as it is now, sorted by
/// how a running agent takes each change: limits at once, the grid and the upload settings
/// for transfers that start from now on, the idle timeout only when it starts again, and
/// the screen's settings not at all (each screen reads them when it opens).
public struct ConfigChange: Sendable, Equatable {
    /// New limits, applied at once (nil: unchanged in the file, so a limit set from a
    /// screen meanwhile stays).
    public var maximumActive: Int?
    public var rateLimit: UInt64?
    /// Keys whose new values reach transfers that start from now on.
    public var forNewTransfers: [String] = []
    /// The new encoding, when it changed (said with its figures).
    public var encoding: EncodingParameters?
    /// Whether an unfinished upload starts over: a file's key (so its storage index and
    /// cap) is made from the secret, `needed`, `total` and the segment size; not from
    /// `happy`, nor from anything else here.
    public var rekeys = false
    /// Keys that take effect when the agent starts again.
    public var atRestart: [String] = []
    /// Keys only screens read, when they open.
    public var forScreens: [String] = []

    public init(from old: ClientConfig, to new: ClientConfig) {
        if new.maximumActive != old.maximumActive { maximumActive = new.maximumActive }
        if new.rateLimit != old.rateLimit { rateLimit = new.rateLimit }
        let runner: [(String, Bool)] = [
            ("grid.helper", new.helper != old.helper), ("grid.helper_token", new.helperToken != old.helperToken),
            ("grid.storage", new.storage != old.storage), ("client.convergence_secret", new.convergenceSecret != old.convergenceSecret),
            ("encoding", new.encoding != old.encoding), ("retry", new.retry != old.retry),
        ]
        forNewTransfers = runner.filter(\.1).map(\.0)
        if new.encoding != old.encoding { encoding = new.encoding }
        let (was, now) = (old.encoding, new.encoding)
        rekeys = new.convergenceSecret != old.convergenceSecret
            || (was.needed, was.total, was.maxSegmentSize) != (now.needed, now.total, now.maxSegmentSize)
        if new.idleTimeout != old.idleTimeout { atRestart = ["transfers.idle_timeout"] }
        forScreens = [("screen.theme", new.theme != old.theme), ("keys", new.keys != old.keys)].filter(\.1).map(\.0)
    }

    public var isEmpty: Bool {
        maximumActive == nil && rateLimit == nil && forNewTransfers.isEmpty && atRestart.isEmpty && forScreens.isEmpty
    }

    /// Whether transfers that start from now on need a new runner.
    public var needsNewRunner: Bool { !forNewTransfers.isEmpty }

    /// One line saying what the agent did with it ("config changed: rate limit 2.00 MiB/s; …").
    public var summary: String {
        var parts: [String] = []
        if let maximumActive { parts.append("\(maximumActive) at once") }
        if let rateLimit { parts.append(rateLimit == 0 ? "no rate limit" : "rate limit \(HumanFormat.rate(Double(rateLimit)))") }
        if !forNewTransfers.isEmpty {
            let named = forNewTransfers.map { key in
                guard key == "encoding", let encoding else { return key }
                return "encoding (k/happy/N \(encoding.needed)/\(encoding.happy)/\(encoding.total))"
            }
            parts.append("\(named.joined(separator: ", ")) for transfers that start from now on"
                         + (rekeys ? " (an unfinished upload starts over: the file's key is made from them)" : ""))
        }
        if !atRestart.isEmpty { parts.append("\(atRestart.joined(separator: ", ")) when the agent starts again (`ferry agent stop`)") }
        if !forScreens.isEmpty { parts.append("\(forScreens.joined(separator: ", ")) in screens opened from now on") }
        return parts.isEmpty ? "config unchanged" : "config changed: " + parts.joined(separator: "; ")
    }
}
