/// Checks the URI extension block a helper returns for an upload against what the client
/// knows — the file's size and encoding, and the ciphertext hashes it computed itself —
/// and only then makes the read cap. A helper that pushed other bytes, or answers for
/// another file, is caught here instead of in a download months later.
public enum UploadCheck {
    public static func readCap(key: [UInt8], geometry: FileGeometry, hashes: (crypttextHash: [UInt8], crypttextRootHash: [UInt8]),
                               uriExtension bytes: [UInt8], uriExtensionHash: [UInt8]) throws(CoreError) -> CHKReadCap {
        guard Hashes.uriExtension(bytes) == uriExtensionHash else {
            throw .integrity("the helper's URI extension hash does not match its URI extension block")
        }
        let block = try URIExtension(parsing: bytes)
        let expected = [("size", block.size == geometry.fileSize), ("needed_shares", block.neededShares == geometry.needed),
                        ("total_shares", block.totalShares == geometry.total), ("segment_size", block.segmentSize == geometry.segmentSize),
                        ("num_segments", block.numSegments == geometry.segmentCount),
                        ("crypttext_hash", block.crypttextHash == hashes.crypttextHash),
                        ("crypttext_root_hash", block.crypttextRootHash == hashes.crypttextRootHash)]
        if let wrong = expected.first(where: { !$0.1 }) {
            throw .integrity("the helper's URI extension block has another \(wrong.0) than this file's ciphertext")
        }
        return CHKReadCap(key: key, uriExtensionHash: uriExtensionHash, needed: geometry.needed, total: geometry.total, size: geometry.fileSize)
    }
}
