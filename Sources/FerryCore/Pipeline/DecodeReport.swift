/// What a decode found out about the shares it was given.
public struct DecodeReport: Sendable, Equatable {
    /// Shares whose blocks went into the output.
    public var usedShares: Set<Int> = []
    /// Shares found malformed or corrupt, with why (share number → error).
    public var badShares: [Int: CoreError] = [:]
    /// Shares that could not be read at all (share number → error text).
    public var unreadableShares: [Int: String] = [:]
}
