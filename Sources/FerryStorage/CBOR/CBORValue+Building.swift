/// Building values: sets, canonical map order, and literals (`["a": 1, "b": [true]]` is a
/// ``CBORValue`` map with its pairs in the written order; negative integer literals become
/// `.negative`).
extension CBORValue {
    /// A set of unsigned integers as tag 258 over an array, in ascending order (which is
    /// also cbor2's canonical order for them). Duplicates in `numbers` are dropped.
    public static func set(of numbers: some Sequence<UInt64>) -> CBORValue {
        .tagged(setTag, .array(Set(numbers).sorted().map { .unsigned($0) }))
    }

    /// A set as tag 258 over `items` in the order given (the caller keeps them distinct).
    public static func set(_ items: [CBORValue]) -> CBORValue {
        .tagged(setTag, .array(items))
    }

    /// This value with every map's pairs, at any depth, sorted by
    /// ``CBOREncoder/canonicalOrder(_:)``, and every set (tag 258 over an array) sorted the
    /// same way — what cbor2 does with `canonical=True`. Other arrays keep their order.
    public func canonicalized() -> CBORValue {
        switch self {
        case .array(let items): .array(items.map { $0.canonicalized() })
        case .map(let pairs): .map(CBOREncoder.canonicalOrder(pairs.map { ($0.0.canonicalized(), $0.1.canonicalized()) }))
        case .tagged(Self.setTag, .array(let items)):
            .tagged(Self.setTag, .array(CBOREncoder.canonicallySorted(items.map { $0.canonicalized() }, by: { $0 })))
        case .tagged(let tag, let item): .tagged(tag, item.canonicalized())
        default: self
        }
    }
}

extension CBORValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) {
        self = value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value))
    }
}

extension CBORValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension CBORValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension CBORValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .float(value) }
}

extension CBORValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: CBORValue...) { self = .array(elements) }
}

extension CBORValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (CBORValue, CBORValue)...) { self = .map(elements) }
}
