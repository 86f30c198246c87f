/// The single-purpose tags Tahoe-LAFS feeds its tagged hashes (immutable files).
/// Changing any of these changes every cap: they are part of the format.
public enum HashTag {
    public static let storageIndex = Array("allmydata_immutable_key_to_storage_index_v1".utf8)
    public static let block = Array("allmydata_encoded_subshare_v1".utf8)
    public static let uriExtension = Array("allmydata_uri_extension_v1".utf8)
    public static let plaintext = Array("allmydata_plaintext_v1".utf8)
    public static let crypttext = Array("allmydata_crypttext_v1".utf8)
    public static let crypttextSegment = Array("allmydata_crypttext_segment_v1".utf8)
    public static let convergentEncryption = Array("allmydata_immutable_content_to_key_with_added_secret_v1+".utf8)
    public static let merkleEmptyLeaf = Array("Merkle tree empty leaf".utf8)
    public static let merkleInternalNode = Array("Merkle tree internal node".utf8)
}
