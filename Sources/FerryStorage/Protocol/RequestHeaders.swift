import Foundation

/// Parsing of the storage protocol's request headers, strict and free of I/O.
public enum RequestHeaders {
    /// Whether an `Authorization` header carries `swissnum` (`Tahoe-LAFS <base64>`) or one
    /// of `bearerTokens` (`Bearer <token>`), each compared in constant time.
    public static func authorizes(_ header: String?, swissnum: String, bearerTokens: [String] = []) -> Bool {
        let given = Array((header ?? "").utf8)
        var accepted = constantTimeEqual(given, Array(("Tahoe-LAFS " + Data(swissnum.utf8).base64EncodedString()).utf8))
        for token in bearerTokens { accepted = constantTimeEqual(given, Array(("Bearer " + token).utf8)) || accepted }
        return accepted
    }

    /// Compares without an early exit, so the time taken does not tell how much matched.
    static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt8(expected.count == given.count ? 0 : 1)
        for index in expected.indices { difference |= expected[index] ^ (index < given.count ? given[index] : 0) }
        return difference == 0
    }

    /// Reads `X-Tahoe-Authorization` values; exactly the `required` kinds must be present,
    /// each once, base64, non-empty (lease secrets 32 bytes). Anything else is a 400.
    public static func secrets(_ values: [String], required: Set<SecretKind>) throws(StorageError) -> [SecretKind: [UInt8]] {
        var found: [SecretKind: [UInt8]] = [:]
        for value in values {
            let parts = value.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let kind = SecretKind(rawValue: String(parts[0])) else {
                throw .badSecret("unreadable X-Tahoe-Authorization header")
            }
            guard found[kind] == nil else { throw .badSecret("\(kind.rawValue) given twice") }
            guard let bytes = Data(base64Encoded: String(parts[1])).map(Array.init), !bytes.isEmpty else {
                throw .badSecret("\(kind.rawValue) is not base64")
            }
            if kind == .leaseRenew || kind == .leaseCancel, bytes.count != 32 { throw .badSecret("\(kind.rawValue) must be 32 bytes") }
            found[kind] = bytes
        }
        guard Set(found.keys) == required else {
            throw .badSecret("expected \(required.map(\.rawValue).sorted()), got \(found.keys.map(\.rawValue).sorted())")
        }
        return found
    }

    /// `Content-Range: bytes <first>-<last>/<total or *>` → the half-open byte range.
    public static func contentRange(_ header: String?) throws(StorageError) -> Range<UInt64> {
        guard let header, header.hasPrefix("bytes ") else { throw .rangeNotSatisfiable("missing or non-bytes Content-Range") }
        let spec = header.dropFirst(6)
        guard let slash = spec.firstIndex(of: "/"), let dash = spec[..<slash].firstIndex(of: "-"),
              let first = decimal(spec[..<dash]), let last = decimal(spec[spec.index(after: dash)..<slash]), first <= last, last < .max else {
            throw .rangeNotSatisfiable("malformed Content-Range \(header)")
        }
        let total = spec[spec.index(after: slash)...]
        guard total == "*" || (decimal(total).map { $0 > last } ?? false) else { throw .rangeNotSatisfiable("malformed Content-Range \(header)") }
        return first..<last + 1
    }

    /// `Range: bytes=<first>-<last>` (one closed range; the spec allows nothing else) → half-open range.
    public static func range(_ header: String) throws(StorageError) -> Range<UInt64> {
        guard header.hasPrefix("bytes="), !header.contains(",") else { throw .rangeNotSatisfiable("only one bytes range is supported") }
        let spec = header.dropFirst(6)
        guard let dash = spec.firstIndex(of: "-"), let first = decimal(spec[..<dash]), let last = decimal(spec[spec.index(after: dash)...]),
              first <= last, last < .max else {
            throw .rangeNotSatisfiable("Range must be bytes=FIRST-LAST")
        }
        return first..<last + 1
    }

    /// The `Content-Range` value for a served half-open range.
    public static func contentRangeValue(_ range: Range<UInt64>) -> String { "bytes \(range.lowerBound)-\(range.upperBound - 1)/*" }

    /// Whether an `Accept` header admits CBOR (absent means yes, as the spec says).
    public static func acceptsCBOR(_ header: String?) -> Bool {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { return true }
        return header.split(separator: ",").contains { item in
            let type = item.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
            return type == "application/cbor" || type == "application/*" || type == "*/*"
        }
    }

    private static func decimal<S: StringProtocol>(_ text: S) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt64(text)
    }
}
