/// Writes ``CBORValue``s as CBOR (RFC 8949) in preferred serialization: every head
/// (integer, length, tag) in its shortest form, every string, array and map with a
/// definite length (indefinite lengths are never emitted), and each float in the
/// shortest of half, single or double precision that holds it exactly (NaN as `f97e00`).
///
/// Map pairs are written in the order given. For a deterministic order use
/// ``canonicalOrder(_:)`` or ``encodeCanonical(_:)``, which sort keys the way RFC 7049
/// §3.9 "canonical CBOR" does (shorter encoded key first, then bytewise) — the order
/// Python's cbor2 uses with `canonical=True`. (RFC 8949 §4.2.1's newer core
/// deterministic order, purely bytewise, is not offered.) Tahoe-LAFS itself calls
/// `cbor2.dumps` without `canonical`, so its maps arrive in insertion order.
public enum CBOREncoder {
    /// The encoding of `value`, map pairs in their given order.
    public static func encode(_ value: CBORValue) -> [UInt8] {
        var out: [UInt8] = []
        encode(value, into: &out)
        return out
    }

    /// Appends the encoding of `value` to `out`.
    public static func encode(_ value: CBORValue, into out: inout [UInt8]) {
        switch value {
        case .unsigned(let number): head(0, number, into: &out)
        case .negative(let number): head(1, number, into: &out)
        case .bytes(let bytes):
            head(2, UInt64(bytes.count), into: &out)
            out += bytes
        case .text(let text):
            head(3, UInt64(text.utf8.count), into: &out)
            out += text.utf8
        case .array(let items):
            head(4, UInt64(items.count), into: &out)
            for item in items { encode(item, into: &out) }
        case .map(let pairs):
            head(5, UInt64(pairs.count), into: &out)
            for (key, item) in pairs {
                encode(key, into: &out)
                encode(item, into: &out)
            }
        case .tagged(let tag, let item):
            head(6, tag, into: &out)
            encode(item, into: &out)
        case .bool(let flag): out.append(flag ? 0xf5 : 0xf4)
        case .null: out.append(0xf6)
        case .undefined: out.append(0xf7)
        case .float(let number): float(number, into: &out)
        }
    }

    /// The encoding of `value` with every map's keys and every tag-258 set's items, at any
    /// depth, in canonical order (``canonicalOrder(_:)``), as cbor2 writes with
    /// `canonical=True` (see ``CBORValue/canonicalized()``).
    public static func encodeCanonical(_ value: CBORValue) -> [UInt8] {
        encode(value.canonicalized())
    }

    /// `pairs` sorted by RFC 7049 §3.9 canonical key order: a key whose encoding is shorter
    /// comes first; keys of equal encoded length compare bytewise. Nested maps are not
    /// touched (``CBORValue/canonicalized()`` does those). The sort is stable.
    public static func canonicalOrder(_ pairs: [(CBORValue, CBORValue)]) -> [(CBORValue, CBORValue)] {
        canonicallySorted(pairs, by: \.0)
    }

    /// `elements` sorted stably by the canonical order of the encoding of `key(element)`.
    static func canonicallySorted<Element>(_ elements: [Element], by key: (Element) -> CBORValue) -> [Element] {
        elements.enumerated()
            .map { (encoded: encode(key($0.element)), offset: $0.offset, element: $0.element) }
            .sorted { a, b in
                if a.encoded.count != b.encoded.count { return a.encoded.count < b.encoded.count }
                if a.encoded != b.encoded { return a.encoded.lexicographicallyPrecedes(b.encoded) }
                return a.offset < b.offset
            }
            .map(\.element)
    }

    /// Appends a head: major type `major` with `argument` in the shortest encoding.
    static func head(_ major: UInt8, _ argument: UInt64, into out: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case 0..<24: out.append(type | UInt8(argument))
        case 24...0xff: out += [type | 24, UInt8(argument)]
        case 0x100...0xffff: out.append(type | 25); bigEndian(argument, width: 2, into: &out)
        case 0x10000...0xffff_ffff: out.append(type | 26); bigEndian(argument, width: 4, into: &out)
        default: out.append(type | 27); bigEndian(argument, width: 8, into: &out)
        }
    }

    /// Appends `number` as the shortest float that holds it exactly.
    static func float(_ number: Double, into out: inout [UInt8]) {
        let single = Float(number)
        if number.isNaN || Double(single).bitPattern == number.bitPattern {
            if let half = CBORHalfFloat.encode(exactly: single) {
                out.append(0xf9)
                bigEndian(UInt64(half), width: 2, into: &out)
            } else {
                out.append(0xfa)
                bigEndian(UInt64(single.bitPattern), width: 4, into: &out)
            }
        } else {
            out.append(0xfb)
            bigEndian(number.bitPattern, width: 8, into: &out)
        }
    }

    private static func bigEndian(_ value: UInt64, width: Int, into out: inout [UInt8]) {
        for index in stride(from: width - 1, through: 0, by: -1) {
            out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))))
        }
    }
}
