/// RFC 8949 §8 diagnostic notation, for test failures and error messages: `h'0102'`,
/// `"text"`, `[1, -1]`, `{"a": true}`, `258([1, 7])`, `null`, `undefined`, `1.5`.
extension CBORValue: CustomStringConvertible {
    public var description: String {
        var out = ""
        describe(into: &out, limit: .max)
        return out
    }

    /// The diagnostic notation cut to about 60 characters, for error messages.
    var briefDescription: String {
        var out = ""
        describe(into: &out, limit: 60)
        return out.count > 60 ? String(out.prefix(60)) + "…" : out
    }

    /// Appends the notation, stopping early once `out` is longer than `limit` characters.
    private func describe(into out: inout String, limit: Int) {
        guard out.utf8.count <= limit else { return }
        switch self {
        case .unsigned(let number): out += String(number)
        case .negative(let number): out += number == .max ? "-18446744073709551616" : "-" + String(number + 1)
        case .bytes(let bytes):
            out += "h'"
            for byte in bytes.prefix(limit) {
                out += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
            }
            out += "'"
        case .text(let text): out += "\"" + text.prefix(limit) + "\""
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if out.utf8.count > limit { break }
                if index > 0 { out += ", " }
                item.describe(into: &out, limit: limit)
            }
            out += "]"
        case .map(let pairs):
            out += "{"
            for (index, (key, item)) in pairs.enumerated() {
                if out.utf8.count > limit { break }
                if index > 0 { out += ", " }
                key.describe(into: &out, limit: limit)
                out += ": "
                item.describe(into: &out, limit: limit)
            }
            out += "}"
        case .tagged(let tag, let item):
            out += String(tag) + "("
            item.describe(into: &out, limit: limit)
            out += ")"
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .undefined: out += "undefined"
        case .float(let number):
            out += number.isNaN ? "NaN" : number.isInfinite ? (number < 0 ? "-Infinity" : "Infinity") : "\(number)"
        }
    }
}
