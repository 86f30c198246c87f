/// How far a push has come, for the progress resource.
public struct PushProgress: Sendable, Equatable {
    public var segments = 0
    public var encoded = 0
    /// Server id → its part of the push.
    public var servers: [String: ServerProgress] = [:]

    public init() {}
}
