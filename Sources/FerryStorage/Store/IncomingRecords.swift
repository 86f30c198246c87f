import FerryCore

/// On-disk encodings of an incoming share's metadata and its written-ranges log.
enum IncomingRecords {
    static let metaMagic = "ferry-incoming 1"

    static func meta(_ state: IncomingShare) -> [UInt8] {
        Array("\(metaMagic)\n\(state.size)\n\(hex(state.secretDigest))\n\(hex(state.renewDigest))\n".utf8)
    }

    /// Parses a meta file; nil when it is not one of ours or is damaged.
    static func parseMeta(_ bytes: [UInt8]) -> IncomingShare? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines[0] == metaMagic, let size = UInt64(lines[1]),
              let secret = unhex(lines[2]), let renew = unhex(lines[3]), secret.count == 32, renew.count == 32 else { return nil }
        return IncomingShare(size: size, secretDigest: secret, renewDigest: renew)
    }

    /// One 16-byte log record: begin and end, big-endian.
    static func range(_ range: Range<UInt64>) -> [UInt8] {
        BigEndian.bytes(range.lowerBound, width: 8) + BigEndian.bytes(range.upperBound, width: 8)
    }

    /// Replays a log; a torn final record or a record outside the share is ignored.
    static func parseRanges(_ bytes: [UInt8], size: UInt64) -> ByteRangeSet {
        var set = ByteRangeSet()
        for start in stride(from: 0, to: bytes.count - bytes.count % 16, by: 16) {
            let begin = BigEndian.read(bytes, at: start, width: 8)
            let end = BigEndian.read(bytes, at: start + 8, width: 8)
            if begin < end, end <= size { set.insert(begin..<end) }
        }
        return set
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    static func unhex<S: StringProtocol>(_ text: S) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for index in stride(from: 0, to: chars.count, by: 2) {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case 48...57: char - 48
        case 97...102: char - 87
        default: nil
        }
    }
}
