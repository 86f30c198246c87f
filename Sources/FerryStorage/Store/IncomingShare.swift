import FerryCore

/// What a store knows about a share still being uploaded.
public struct IncomingShare: Sendable, Equatable {
    /// The allocated (final) size.
    public var size: UInt64
    /// SHA-256 of the upload secret that may write it.
    public var secretDigest: [UInt8]
    /// SHA-256 of the lease-renew secret given at allocation.
    public var renewDigest: [UInt8]
    /// Byte ranges written (and made durable) so far.
    public var written = ByteRangeSet()

    public init(size: UInt64, secretDigest: [UInt8], renewDigest: [UInt8], written: ByteRangeSet = ByteRangeSet()) {
        self.size = size
        self.secretDigest = secretDigest
        self.renewDigest = renewDigest
        self.written = written
    }

    /// Ranges still to be written.
    public var required: [Range<UInt64>] { written.gaps(in: 0..<size) }

    /// Whether every byte is written.
    public var isComplete: Bool { written.contains(0..<size) }
}
