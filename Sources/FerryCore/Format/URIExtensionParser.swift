extension URIExtension {
    private static let integerKeys = ["size", "segment_size", "num_segments", "needed_shares", "total_shares"]
    private static let hashKeys = ["crypttext_hash", "crypttext_root_hash", "share_root_hash"]

    /// Parses and checks a serialized UEB: well-formed keys and netstrings, no duplicates,
    /// every required field present, numbers in range, codec parameters consistent.
    public init(parsing bytes: [UInt8]) throws(CoreError) {
        let fields = try Self.fields(of: bytes)
        func text(_ key: String) throws(CoreError) -> String {
            guard let value = fields[key] else { throw .badURIExtension("missing \(key)") }
            return String(decoding: value, as: UTF8.self)
        }
        func integer(_ key: String) throws(CoreError) -> UInt64 {
            let value = try text(key)
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = UInt64(value) else {
                throw .badURIExtension("\(key) is not a number")
            }
            return number
        }
        func hash(_ key: String) throws(CoreError) -> [UInt8] {
            guard let value = fields[key] else { throw .badURIExtension("missing \(key)") }
            guard value.count == Hashes.size else { throw .badURIExtension("\(key) is \(value.count) bytes, not 32") }
            return value
        }
        let size = try integer("size")
        let segmentSize = try integer("segment_size")
        let segments = try integer("num_segments")
        let needed = try integer("needed_shares")
        let total = try integer("total_shares")
        guard needed >= 1, needed <= total, total <= 256 else { throw .badURIExtension("k=\(needed) N=\(total) out of range") }
        guard size >= 1, segmentSize >= 1, segmentSize <= UInt64(Int32.max), segmentSize % needed == 0 else {
            throw .badURIExtension("size \(size) / segment size \(segmentSize) inconsistent")
        }
        let geometry = FileGeometry(fileSize: size, needed: Int(needed), total: Int(total), segmentSize: Int(segmentSize))
        guard segments == UInt64(geometry.segmentCount) else { throw .badURIExtension("num_segments \(segments) does not fit size") }
        self.init(geometry: geometry, crypttextHash: try hash("crypttext_hash"),
                  crypttextRootHash: try hash("crypttext_root_hash"), shareRootHash: try hash("share_root_hash"))
        guard try text("codec_name") == "crs" else { throw .badURIExtension("unknown codec \(try text("codec_name"))") }
        guard try text("codec_params") == codecParams else { throw .badURIExtension("codec_params do not match size") }
        guard try text("tail_codec_params") == tailCodecParams else { throw .badURIExtension("tail_codec_params do not match size") }
        let known = Set(Self.integerKeys + Self.hashKeys + ["codec_name", "codec_params", "tail_codec_params"])
        extra = fields.filter { !known.contains($0.key) }
    }

    private static func fields(of bytes: [UInt8]) throws(CoreError) -> [String: [UInt8]] {
        var fields: [String: [UInt8]] = [:]
        var position = 0
        while position < bytes.count {
            guard let colon = bytes[position...].firstIndex(of: UInt8(ascii: ":")), colon > position else {
                throw .badURIExtension("expected a key at byte \(position)")
            }
            let key = bytes[position..<colon]
            guard key.allSatisfy({ isKeyByte($0) }) else { throw .badURIExtension("bad key at byte \(position)") }
            guard let (payload, next) = Netstring.parse(bytes, at: colon + 1) else {
                throw .badURIExtension("bad netstring at byte \(colon + 1)")
            }
            let name = String(decoding: key, as: UTF8.self)
            guard fields[name] == nil else { throw .badURIExtension("duplicate key \(name)") }
            fields[name] = Array(payload)
            position = next
        }
        return fields
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte == 95 || byte == 45
    }
}
