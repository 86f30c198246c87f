/// Derives a file's AES key from its plaintext in one streaming pass (Tahoe's
/// `convergence_hasher`): SHA-256d over a tag naming the secret and the encoding
/// (k, N, actual segment size), then the plaintext; the first 16 bytes are the key.
public struct ConvergentKeyHasher: Sendable {
    private var hasher: TaggedHasher

    /// Prepares the hash for a file of `fileSize` bytes; the segment size inside the tag is
    /// the one actually used for that size.
    public init(secret: ConvergenceSecret, parameters: EncodingParameters, fileSize: UInt64) throws(CoreError) {
        let parameters = try parameters.validated()
        let segmentSize = parameters.segmentSize(forFileSize: fileSize)
        var tag = HashTag.convergentEncryption
        tag += Netstring.encode(secret.bytes)
        tag += Netstring.encode(Array("\(parameters.needed),\(parameters.total),\(segmentSize)".utf8))
        hasher = TaggedHasher(tag: tag, truncateTo: 16)
    }

    /// Feeds plaintext.
    public mutating func update(_ bytes: [UInt8]) { hasher.update(bytes) }

    /// Feeds plaintext from a raw buffer.
    public mutating func update(buffer: UnsafeRawBufferPointer) { hasher.update(buffer: buffer) }

    /// The 16-byte AES key.
    public func finalize() -> [UInt8] { hasher.finalize() }
}
