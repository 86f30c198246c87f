import FerryCore
import FerryHelperProtocol

/// On-disk encodings of an upload's sidecar files: the meta file (ticket and last-seen
/// time) and the durable-offset log.
enum SpoolRecords {
    static let metaMagic = "ferry-helper-upload 1"

    static func meta(_ ticket: UploadTicket, lastSeen: UInt64) -> [UInt8] {
        let encoding = ticket.encoding
        return Array("""
            \(metaMagic)
            \(ticket.size)
            \(encoding.needed) \(encoding.happy) \(encoding.total) \(encoding.maxSegmentSize)
            \(lastSeen)

            """.utf8)
    }

    /// Parses a meta file; nil when it is not one of ours or is damaged.
    static func parseMeta(_ bytes: [UInt8]) -> (ticket: UploadTicket, lastSeen: UInt64)? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard lines.count >= 4, lines[0] == metaMagic, let size = UInt64(lines[1]), let lastSeen = UInt64(lines[3]) else { return nil }
        let numbers = lines[2].split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 4,
              let encoding = try? EncodingParameters(needed: numbers[0], happy: numbers[1], total: numbers[2],
                                                     maxSegmentSize: numbers[3]).validated() else { return nil }
        return (UploadTicket(size: size, encoding: encoding), lastSeen)
    }

    /// One offset-log record.
    static func offset(_ value: UInt64) -> [UInt8] { BigEndian.bytes(value, width: 8) }

    /// The durable offset an offset log records: the last of its whole records while each
    /// is above the one before (commits only move forward). A torn tail is ignored, and so is
    /// a tail of zeros or older values a file system may leave after a power cut, which would
    /// otherwise cut acknowledged bytes off the spool. 0 for an empty log.
    static func lastOffset(_ log: [UInt8]) -> UInt64 { risingRun(log).offset }

    /// The rising run ``lastOffset(_:)`` reads: its last offset, and how many whole records
    /// it holds (whole records after them are a tail to drop).
    static func risingRun(_ log: [UInt8]) -> (offset: UInt64, records: Int) {
        var (last, records) = (UInt64(0), 0)
        for at in stride(from: 0, to: log.count / 8 * 8, by: 8) {
            let value = BigEndian.read(log, at: at, width: 8)
            guard value > last else { break }
            (last, records) = (value, records + 1)
        }
        return (last, records)
    }
}
