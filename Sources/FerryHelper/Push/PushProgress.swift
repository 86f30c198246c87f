/// How far a push has come, for the progress resource.
public struct PushProgress: Sendable, Equatable {
    public var segments = 0
    public var encoded = 0
    /// Server id → shares it receives, share bytes it acknowledged, the total, and its state
    /// ("pushing", "done", "replaced").
    public var servers: [String: (shares: Set<Int>, sent: UInt64, total: UInt64, state: String)] = [:]

    public init() {}

    public static func == (lhs: PushProgress, rhs: PushProgress) -> Bool {
        lhs.segments == rhs.segments && lhs.encoded == rhs.encoded
            && lhs.servers.mapValues { [$0.sent, $0.total] } == rhs.servers.mapValues { [$0.sent, $0.total] }
            && lhs.servers.mapValues(\.shares) == rhs.servers.mapValues(\.shares)
            && lhs.servers.mapValues(\.state) == rhs.servers.mapValues(\.state)
    }
}
