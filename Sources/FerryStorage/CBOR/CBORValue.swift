/// One CBOR data item (RFC 8949), covering what Tahoe-LAFS's HTTP storage protocol
/// ("Great Black Swamp") sends plus the remaining simple types, so any well-formed body
/// made of them can be read and written back.
///
/// Equality is structural and order-sensitive for maps (two maps with the same pairs in
/// a different order are different values; sort them with
/// ``CBOREncoder/canonicalOrder(_:)`` first to compare them as sets of pairs). Floats
/// compare by value, except that every NaN equals every NaN. Text compares by its UTF-8
/// bytes, as CBOR does, not by Swift's canonical equivalence ("é" written as one scalar
/// and as "e" + U+0301 are different keys). ``hash(into:)`` agrees with `==`, so values
/// can be `Set` elements and dictionary keys.
public indirect enum CBORValue: Sendable {
    /// Major type 0: an integer from 0 to 2⁶⁴ − 1.
    case unsigned(UInt64)
    /// Major type 1: the integer −1 − n, so `.negative(0)` is −1 and `.negative(.max)` is −2⁶⁴.
    case negative(UInt64)
    /// Major type 2: a byte string.
    case bytes([UInt8])
    /// Major type 3: a text string (always valid UTF-8 on the wire).
    case text(String)
    /// Major type 4: an array.
    case array([CBORValue])
    /// Major type 5: a map, as key–value pairs in the order they were written or are to
    /// be written. The decoder refuses duplicate keys, so decoded maps never hold any.
    case map([(CBORValue, CBORValue)])
    /// Major type 6: a tagged item, e.g. tag 258 (``CBORValue/setTag``) over an array for a set.
    case tagged(UInt64, CBORValue)
    /// Simple values 20 and 21.
    case bool(Bool)
    /// Simple value 22.
    case null
    /// Simple value 23.
    case undefined
    /// A half-, single- or double-precision float, widened to `Double` (exactly).
    case float(Double)
}

extension CBORValue: Equatable {
    public static func == (lhs: CBORValue, rhs: CBORValue) -> Bool {
        switch (lhs, rhs) {
        case (.unsigned(let a), .unsigned(let b)), (.negative(let a), .negative(let b)): a == b
        case (.bytes(let a), .bytes(let b)): a == b
        case (.text(let a), .text(let b)): a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): a == b
        case (.map(let a), .map(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.tagged(let t, let a), .tagged(let u, let b)): t == u && a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null), (.undefined, .undefined): true
        case (.float(let a), .float(let b)): a == b || (a.isNaN && b.isNaN)
        default: false
        }
    }
}

extension CBORValue: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .unsigned(let number): hasher.combine(0 as UInt8); hasher.combine(number)
        case .negative(let number): hasher.combine(1 as UInt8); hasher.combine(number)
        case .bytes(let bytes): hasher.combine(2 as UInt8); hasher.combine(bytes)
        // String's hash follows canonical equivalence, which byte equality implies.
        case .text(let text): hasher.combine(3 as UInt8); hasher.combine(text)
        case .array(let items): hasher.combine(4 as UInt8); hasher.combine(items)
        case .map(let pairs):
            hasher.combine(5 as UInt8)
            hasher.combine(pairs.count)
            for (key, value) in pairs {
                hasher.combine(key)
                hasher.combine(value)
            }
        case .tagged(let tag, let item): hasher.combine(6 as UInt8); hasher.combine(tag); hasher.combine(item)
        case .bool(let flag): hasher.combine(7 as UInt8); hasher.combine(flag)
        case .null: hasher.combine(8 as UInt8)
        case .undefined: hasher.combine(9 as UInt8)
        case .float(let number):
            hasher.combine(10 as UInt8)
            // Every NaN is equal to every other here, so they must hash alike.
            if number.isNaN { hasher.combine(Double.nan.bitPattern) } else { hasher.combine(number) }
        }
    }
}
