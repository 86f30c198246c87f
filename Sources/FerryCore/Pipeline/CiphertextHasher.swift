/// The ciphertext hashes a URI extension block commits to — the flat crypttext hash and
/// the root of the per-segment crypttext hash tree — computed by whoever holds the
/// ciphertext (the uploading client), so a helper's UEB can be checked before its hash
/// goes into a cap. Bytes must come in order; bytes before ``position`` are ignored, so a
/// sender that goes back to an earlier offset can feed everything it sends.
public struct CiphertextHasher: Sendable {
    public let geometry: FileGeometry
    private var flat = TaggedHasher(tag: HashTag.crypttext)
    private var segment = TaggedHasher(tag: HashTag.crypttextSegment)
    private var segmentHashes: [[UInt8]] = []
    /// Bytes hashed so far: the next byte expected.
    public private(set) var position: UInt64 = 0

    public init(geometry: FileGeometry) {
        self.geometry = geometry
    }

    /// Hashes the part of `bytes` (which start at `offset`) past ``position``. Bytes that
    /// would leave a gap are refused.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(CoreError) {
        guard offset <= position else { throw .integrity("ciphertext hashing skipped bytes \(position)..<\(offset)") }
        let end = offset + UInt64(bytes.count)
        guard end > position else { return }
        guard end <= geometry.fileSize else { throw .sizeMismatch(expected: geometry.fileSize, actual: end) }
        var rest = UnsafeRawBufferPointer(rebasing: bytes[Int(position - offset)...])
        while !rest.isEmpty {
            let segmentEnd = geometry.segmentOffset(segmentHashes.count) + UInt64(geometry.segmentLength(segmentHashes.count))
            let take = Int(min(UInt64(rest.count), segmentEnd - position))
            let piece = UnsafeRawBufferPointer(rebasing: rest[..<take])
            flat.update(buffer: piece)
            segment.update(buffer: piece)
            position += UInt64(take)
            if position == segmentEnd {
                segmentHashes.append(segment.finalize())
                segment = TaggedHasher(tag: HashTag.crypttextSegment)
            }
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
        }
    }

    /// Whether every byte of the file has been hashed.
    public var isComplete: Bool { position == geometry.fileSize }

    /// The flat hash and the crypttext tree's root, once every byte is in.
    public func finalize() throws(CoreError) -> (crypttextHash: [UInt8], crypttextRootHash: [UInt8]) {
        let hashes = try finish()
        return (hashes.flat, hashes.rootHash)
    }

    /// The flat hash and every segment's hash, once every byte is in.
    public func finish() throws(CoreError) -> CrypttextHashes {
        guard isComplete else { throw .sizeMismatch(expected: geometry.fileSize, actual: position) }
        return CrypttextHashes(flat: flat.finalize(), segments: segmentHashes)
    }
}
