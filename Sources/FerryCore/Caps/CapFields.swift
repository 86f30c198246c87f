/// Shared field parsing for cap strings, each failure naming the field at fault.
enum CapFields {
    /// Splits `text` after `prefix` into exactly `count` colon-separated fields.
    static func split(_ text: String, prefix: String, count: Int) throws(CoreError) -> [Substring] {
        guard text.hasPrefix(prefix) else { throw .badCap(field: "prefix", reason: "expected \(prefix)") }
        let fields = text.dropFirst(prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == count else {
            throw .badCap(field: "structure", reason: "expected \(count) fields after \(prefix), got \(fields.count)")
        }
        return fields
    }

    /// A base32 field that must decode to exactly `length` bytes.
    static func bytes(_ field: Substring, name: String, length: Int) throws(CoreError) -> [UInt8] {
        guard field.utf8.count == Base32.encodedLength(byteCount: length) else {
            throw .badCap(field: name, reason: "must be \(Base32.encodedLength(byteCount: length)) base32 characters, got \(field.utf8.count)")
        }
        do { return try Base32.decode(field) } catch { throw .badCap(field: name, reason: error.message) }
    }

    /// A decimal field (digits only, as Tahoe's regex allows) within `range`.
    static func number(_ field: Substring, name: String, range: ClosedRange<UInt64>) throws(CoreError) -> UInt64 {
        guard !field.isEmpty, field.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw .badCap(field: name, reason: "must be a decimal number")
        }
        guard let value = UInt64(field), range.contains(value) else {
            throw .badCap(field: name, reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// The k, N and size fields common to read and verify caps.
    static func shape(_ fields: ArraySlice<Substring>) throws(CoreError) -> (needed: Int, total: Int, size: UInt64) {
        let needed = Int(try number(fields[fields.startIndex], name: "k", range: 1...256))
        let total = Int(try number(fields[fields.startIndex + 1], name: "N", range: 1...256))
        guard needed <= total else { throw .badCap(field: "k", reason: "k (\(needed)) exceeds N (\(total))") }
        let size = try number(fields[fields.startIndex + 2], name: "size", range: 1...UInt64.max)
        return (needed, total, size)
    }
}
