/// Typed reads of a ``CBORValue``: each is nil when the value is not of that kind, so
/// message parsers can write `guard let size = body["allocated-size"]?.uint else { … }`.
extension CBORValue {
    /// The tag for a set (#6.258 over an array of distinct items), as the storage protocol
    /// and cbor2 use it.
    public static let setTag: UInt64 = 258

    /// The value under the text key `key` of a map; nil for a missing key or a non-map.
    /// Byte-string keys do not match; pass a ``CBORValue`` key for those.
    public subscript(key: String) -> CBORValue? {
        guard case .map(let pairs) = self else { return nil }
        return pairs.first { pair in
            if case .text(let text) = pair.0 { return text.utf8.elementsEqual(key.utf8) }
            return false
        }?.1
    }

    /// The value under `key` (any kind of key) of a map; nil for a missing key or a non-map.
    public subscript(key: CBORValue) -> CBORValue? {
        guard case .map(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// The number of an `.unsigned` value.
    public var uint: UInt64? {
        if case .unsigned(let number) = self { return number }
        return nil
    }

    /// The integer of an `.unsigned` or `.negative` value, when it fits in an `Int64`.
    public var int: Int64? {
        switch self {
        case .unsigned(let number): number <= UInt64(Int64.max) ? Int64(number) : nil
        case .negative(let number): number <= UInt64(Int64.max) ? -1 - Int64(number) : nil
        default: nil
        }
    }

    /// The bytes of a `.bytes` value.
    public var bytesValue: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }

    /// The string of a `.text` value.
    public var textValue: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The flag of a `.bool` value.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The number of a `.float` value.
    public var doubleValue: Double? {
        if case .float(let number) = self { return number }
        return nil
    }

    /// The items of an `.array` value.
    public var arrayValue: [CBORValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The pairs of a `.map` value, in order.
    public var mapValue: [(CBORValue, CBORValue)]? {
        if case .map(let pairs) = self { return pairs }
        return nil
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The items of a set: a tag-258 array or, as Tahoe's CDDL also allows, a plain array.
    /// Nil for anything else and for an array holding the same item twice.
    public var setItems: [CBORValue]? {
        var inner = self
        if case .tagged(Self.setTag, let tagged) = self { inner = tagged }
        guard case .array(let items) = inner, Set(items).count == items.count else { return nil }
        return items
    }

    /// A set of unsigned integers (tag-258 array or plain array, e.g. share numbers). Nil
    /// when it is not a set, holds anything but `.unsigned` items, or repeats one.
    public var setOfUInts: Set<UInt64>? {
        guard let items = setItems else { return nil }
        var numbers = Set<UInt64>(minimumCapacity: items.count)
        for item in items {
            guard let number = item.uint else { return nil }
            numbers.insert(number)
        }
        return numbers
    }
}
