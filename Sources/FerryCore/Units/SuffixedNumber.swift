/// Whole numbers written with a unit suffix, as config files have them (`500M`, `12h`): the
/// shared parsing and formatting of ``ByteSize`` and ``TimeSpan``.
enum SuffixedNumber {
    /// The count `text` stands for: digits, optional spaces, then one of `units`' suffixes
    /// (case-insensitive; "" for none); nil when malformed or over 64 bits.
    static func parse(_ text: String, units: [(suffix: String, factor: UInt64)]) -> UInt64? {
        let trimmed = text.trimmingSpaces
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let suffix = String(trimmed.dropFirst(digits.count)).trimmingSpaces.lowercased()
        guard !digits.isEmpty, let number = UInt64(digits),
              let factor = units.first(where: { $0.suffix == suffix })?.factor else { return nil }
        let (value, overflow) = number.multipliedReportingOverflow(by: factor)
        return overflow ? nil : value
    }

    /// As ``parse(_:units:)``, and a decimal number too (`1.5M`, as rclone takes a limit),
    /// rounded to a whole count.
    static func parseDecimal(_ text: String, units: [(suffix: String, factor: UInt64)]) -> UInt64? {
        let trimmed = text.trimmingSpaces
        let number = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard number.contains(".") else { return parse(text, units: units) }
        let suffix = String(trimmed.dropFirst(number.count)).trimmingSpaces.lowercased()
        guard number.count > 1, number.filter({ $0 == "." }).count == 1, let value = Double(number),
              let factor = units.first(where: { $0.suffix == suffix })?.factor else { return nil }
        let count = (value * Double(factor)).rounded()
        return count < 1.8e19 ? UInt64(count) : nil
    }

    /// `count` with the first of `units` (largest first) whose factor divides it, or nil.
    static func format(_ count: UInt64, units: [(suffix: String, factor: UInt64)]) -> String? {
        units.first { count % $0.factor == 0 }.map { "\(count / $0.factor)\($0.suffix)" }
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
