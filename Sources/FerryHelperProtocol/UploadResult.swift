/// What a finished push produced: the URI extension block (whose hash goes into the cap),
/// where the shares are, and the happiness that placement reaches.
public struct UploadResult: Sendable, Equatable {
    public var uriExtension: [UInt8]
    public var uriExtensionHash: [UInt8]
    /// Share number → ids of the servers holding it.
    public var placement: [Int: Set<String>]
    public var happiness: Int

    public init(uriExtension: [UInt8], uriExtensionHash: [UInt8], placement: [Int: Set<String>], happiness: Int) {
        self.uriExtension = uriExtension
        self.uriExtensionHash = uriExtensionHash
        self.placement = placement
        self.happiness = happiness
    }
}
