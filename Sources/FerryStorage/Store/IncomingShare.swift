import FerryCore

/// What a store knows about a share still being uploaded.
public struct IncomingShare: Sendable, Equatable {
    /// The allocated (final) size.
    public var size: UInt64
    /// SHA-256 of the upload secret that may write it.
    public var secretDigest: [UInt8]
    /// SHA-256 of the lease-renew secret given at allocation.
    public var renewDigest: [UInt8]
    /// Byte ranges written and made durable (logged) so far.
    public var written = ByteRangeSet()
    /// Byte ranges written but not yet flushed and logged: lost in a crash, required again.
    public var staged = ByteRangeSet()
    /// When its uploader last allocated or wrote it (the store's clock, seconds; a restart
    /// counts as a touch): an upload idle for ``UploadRules/idleIncomingTimeout`` is abandoned.
    public var touched: UInt64 = 0

    public init(size: UInt64, secretDigest: [UInt8], renewDigest: [UInt8], written: ByteRangeSet = ByteRangeSet()) {
        self.size = size
        self.secretDigest = secretDigest
        self.renewDigest = renewDigest
        self.written = written
    }

    /// Ranges holding bytes, durable or staged.
    public var present: ByteRangeSet {
        var all = written
        for range in staged.ranges { all.insert(range) }
        return all
    }

    /// Ranges still to be written (staged ones count as written).
    public var required: [Range<UInt64>] { present.gaps(in: 0..<size) }

    /// Whether every byte is written (durable or staged).
    public var isComplete: Bool { present.contains(0..<size) }

    /// Moves the staged ranges into `written`, once they are durable.
    public mutating func commitStaged() {
        for range in staged.ranges { written.insert(range) }
        staged = ByteRangeSet()
    }
}
