/// The URI extension block (UEB): the file's non-secret metadata, stored identically in
/// every share; its tagged hash is carried in the cap. Serialized as Tahoe does: keys in
/// sorted order, each written `key:` followed by a netstring of the value.
public struct URIExtension: Sendable, Equatable {
    public var codecName: String = "crs"
    public var codecParams: String
    public var tailCodecParams: String
    public var size: UInt64
    public var segmentSize: Int
    public var numSegments: Int
    public var neededShares: Int
    public var totalShares: Int
    public var crypttextHash: [UInt8]
    public var crypttextRootHash: [UInt8]
    public var shareRootHash: [UInt8]
    /// Keys this version does not interpret (kept so re-serialization is faithful).
    public var extra: [String: [UInt8]] = [:]

    /// The UEB for a file of this geometry and these roots.
    public init(geometry: FileGeometry, crypttextHash: [UInt8], crypttextRootHash: [UInt8], shareRootHash: [UInt8]) {
        codecParams = geometry.codecParams
        tailCodecParams = geometry.tailCodecParams
        size = geometry.fileSize
        segmentSize = geometry.segmentSize
        numSegments = geometry.segmentCount
        neededShares = geometry.needed
        totalShares = geometry.total
        self.crypttextHash = crypttextHash
        self.crypttextRootHash = crypttextRootHash
        self.shareRootHash = shareRootHash
    }

    /// Serialized size for a geometry; it does not depend on hash values, so share
    /// layouts can be planned before any data is hashed.
    public static func serializedSize(geometry: FileGeometry) -> Int {
        let zero = [UInt8](repeating: 0, count: Hashes.size)
        return URIExtension(geometry: geometry, crypttextHash: zero, crypttextRootHash: zero, shareRootHash: zero).serialized().count
    }

    /// The geometry this UEB describes.
    public var geometry: FileGeometry {
        FileGeometry(fileSize: size, needed: neededShares, total: totalShares, segmentSize: segmentSize)
    }

    /// Tahoe's byte form.
    public func serialized() -> [UInt8] {
        var fields = extra
        fields["codec_name"] = Array(codecName.utf8)
        fields["codec_params"] = Array(codecParams.utf8)
        fields["tail_codec_params"] = Array(tailCodecParams.utf8)
        fields["size"] = Array(String(size).utf8)
        fields["segment_size"] = Array(String(segmentSize).utf8)
        fields["num_segments"] = Array(String(numSegments).utf8)
        fields["needed_shares"] = Array(String(neededShares).utf8)
        fields["total_shares"] = Array(String(totalShares).utf8)
        fields["crypttext_hash"] = crypttextHash
        fields["crypttext_root_hash"] = crypttextRootHash
        fields["share_root_hash"] = shareRootHash
        var out: [UInt8] = []
        for key in fields.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            out += Array(key.utf8)
            out.append(UInt8(ascii: ":"))
            out += Netstring.encode(fields[key]!)
        }
        return out
    }

    /// Tagged hash of the serialized block (what the cap carries).
    public var hash: [UInt8] { Hashes.uriExtension(serialized()) }
}
