/// What the helper accepts: the largest upload, how many may be received at once, and the
/// free disk space the spool must leave.
public struct HelperLimits: Sendable, Equatable {
    public var maximumUploadSize: UInt64
    public var concurrentUploads: Int
    public var reservedSpace: UInt64
    /// Seconds after the client was last seen that a partial upload is removed.
    public var expireAfter: UInt64
    /// The storage servers the helper pushes to: an upload asking for shares on more
    /// (its happiness) can never be placed (set from the helper's config).
    public var storageServers = Int.max

    public init(maximumUploadSize: UInt64 = 1 << 40, concurrentUploads: Int = 64, reservedSpace: UInt64 = 1_000_000_000,
                expireAfter: UInt64 = 7 * 24 * 3600) {
        self.maximumUploadSize = maximumUploadSize
        self.concurrentUploads = concurrentUploads
        self.reservedSpace = reservedSpace
        self.expireAfter = expireAfter
    }
}
