/// Netstrings as Tahoe uses them: `<decimal length>:<bytes>,`.
public enum Netstring {
    /// Wraps `bytes` in a netstring.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var out = Array(String(bytes.count).utf8)
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: bytes)
        out.append(UInt8(ascii: ","))
        return out
    }

    /// Parses one netstring at `position`; returns its payload and the index after the comma.
    /// Returns nil when the bytes there are not a well-formed netstring.
    public static func parse(_ bytes: [UInt8], at position: Int) -> (payload: ArraySlice<UInt8>, next: Int)? {
        var index = position
        var length = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            length = length * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
            guard digits <= 12 else { return nil }
        }
        guard digits > 0, index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        let start = index + 1
        let end = start + length
        guard end < bytes.count, bytes[end] == UInt8(ascii: ",") else { return nil }
        return (bytes[start..<end], end + 1)
    }
}
