import FerryCore

/// What the details pane shows of a running transfer beyond the journal: the storage
/// index, how much the other side holds, the helper's encoding, and each storage server's
/// part. Live only (never journaled); nil and empty mean not known yet.
public struct TransferDetail: Sendable, Equatable, Codable {
    public var storageIndex: String?
    /// Upload: ciphertext the helper holds durably. Download: plaintext written to the part file.
    public var confirmed: UInt64?
    /// Segments the helper has encoded, and how many there are (uploads, once it encodes).
    public var segmentsEncoded: UInt64?
    public var segmentCount: UInt64?
    public var servers: [ServerPart]
    /// k, happy, N and the segment size (happy is unknown, 0, for a download).
    public var encoding: EncodingParameters?
    /// Times it went on after a failure, and bytes that crossed twice because of them
    /// (upload: sent again from the helper's offset; download: not counted, 0).
    public var retries = 0
    public var resent: UInt64 = 0

    /// This run's detail, with what `earlier` (an earlier run's) knew where this one knows
    /// nothing yet: a new run starts blank, and a resumed upload the helper finished
    /// meanwhile never sees the push.
    /// Nothing is kept from an earlier run of another storage index (a file changed and
    /// uploaded again kept showing the old push's segments and servers).
    public func keeping(_ earlier: TransferDetail) -> TransferDetail {
        if let storageIndex, let before = earlier.storageIndex, storageIndex != before { return self }
        var merged = self
        merged.storageIndex = storageIndex ?? earlier.storageIndex
        merged.confirmed = confirmed ?? earlier.confirmed
        merged.segmentsEncoded = segmentsEncoded ?? earlier.segmentsEncoded
        merged.segmentCount = segmentCount ?? earlier.segmentCount
        merged.encoding = encoding ?? earlier.encoding
        if servers.isEmpty { merged.servers = earlier.servers }
        return merged
    }

    public init(storageIndex: String? = nil, confirmed: UInt64? = nil, segmentsEncoded: UInt64? = nil, segmentCount: UInt64? = nil,
                servers: [ServerPart] = []) {
        self.storageIndex = storageIndex
        self.confirmed = confirmed
        self.segmentsEncoded = segmentsEncoded
        self.segmentCount = segmentCount
        self.servers = servers
    }
}
