/// Reads one CBOR item, strictly and safely: any malformation is a
/// ``StorageError/badCBOR(_:)``; declared lengths are checked against the bytes that
/// remain before anything is allocated; nesting, item counts and duplicate map keys are
/// bounded or refused; trailing bytes after the item are an error.
public struct CBORDecoder {
    /// Deepest nesting accepted.
    public static let maximumDepth = 64
    private let bytes: [UInt8]
    private var position = 0
    private var items = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Decodes `bytes`, which must hold exactly one item.
    public static func decode(_ bytes: [UInt8]) throws(StorageError) -> CBORValue {
        var decoder = CBORDecoder(bytes)
        let value = try decoder.item(depth: 0)
        guard decoder.position == bytes.count else { throw .badCBOR("\(bytes.count - decoder.position) bytes after the item") }
        return value
    }

    private mutating func item(depth: Int) throws(StorageError) -> CBORValue {
        guard depth <= Self.maximumDepth else { throw .badCBOR("nested deeper than \(Self.maximumDepth)") }
        items += 1
        guard items <= bytes.count + 1 else { throw .badCBOR("too many items") }
        let initial = try byte()
        let major = initial >> 5
        let info = initial & 0x1f
        if info == 31 { return try indefinite(major: major, depth: depth) }
        if major == 7 { return try simple(info) }
        let argument = try self.argument(info)
        switch major {
        case 0: return .unsigned(argument)
        case 1: return .negative(argument)
        case 2: return .bytes(try take(argument))
        case 3: return .text(try text(try take(argument)))
        case 4:
            try checkCount(argument, minimumBytesEach: 1)
            var items: [CBORValue] = []
            for _ in 0..<argument { items.append(try item(depth: depth + 1)) }
            return .array(items)
        case 5:
            try checkCount(argument, minimumBytesEach: 2)
            var pairs: [(CBORValue, CBORValue)] = []
            for _ in 0..<argument { try appendPair(to: &pairs, depth: depth) }
            return .map(pairs)
        default: return .tagged(argument, try item(depth: depth + 1))
        }
    }

    private mutating func indefinite(major: UInt8, depth: Int) throws(StorageError) -> CBORValue {
        switch major {
        case 2, 3:
            var chunks: [UInt8] = []
            while try !atBreak() {
                let head = try byte()
                guard head >> 5 == major, head & 0x1f != 31 else { throw .badCBOR("bad chunk in an indefinite string") }
                chunks += try take(try argument(head & 0x1f))
            }
            return major == 2 ? .bytes(chunks) : .text(try text(chunks))
        case 4:
            var items: [CBORValue] = []
            while try !atBreak() { items.append(try item(depth: depth + 1)) }
            return .array(items)
        case 5:
            var pairs: [(CBORValue, CBORValue)] = []
            while try !atBreak() { try appendPair(to: &pairs, depth: depth) }
            return .map(pairs)
        case 7: throw .badCBOR("break outside an indefinite-length item")
        default: throw .badCBOR("major type \(major) cannot have indefinite length")
        }
    }

    private mutating func appendPair(to pairs: inout [(CBORValue, CBORValue)], depth: Int) throws(StorageError) {
        let key = try item(depth: depth + 1)
        guard !pairs.contains(where: { $0.0 == key }) else { throw .badCBOR("duplicate map key") }
        pairs.append((key, try item(depth: depth + 1)))
    }

    private mutating func simple(_ info: UInt8) throws(StorageError) -> CBORValue {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 25: return .float(Double(Float16Bits.decode(UInt16(try fixed(2)))))
        case 26: return .float(Double(Float(bitPattern: UInt32(try fixed(4)))))
        case 27: return .float(Double(bitPattern: try fixed(8)))
        case 24:
            let value = try byte()
            guard value >= 32 else { throw .badCBOR("simple value \(value) in two bytes") }
            return .undefined
        default:
            guard info < 20 else { throw .badCBOR("reserved additional information \(info)") }
            return .undefined
        }
    }

    private mutating func argument(_ info: UInt8) throws(StorageError) -> UInt64 {
        switch info {
        case 0..<24: return UInt64(info)
        case 24: return try fixed(1)
        case 25: return try fixed(2)
        case 26: return try fixed(4)
        case 27: return try fixed(8)
        default: throw .badCBOR("reserved additional information \(info)")
        }
    }

    private mutating func atBreak() throws(StorageError) -> Bool {
        guard position < bytes.count else { throw .badCBOR("truncated: missing break") }
        if bytes[position] == 0xff { position += 1; return true }
        return false
    }

    private func checkCount(_ count: UInt64, minimumBytesEach: UInt64) throws(StorageError) {
        let (needed, overflow) = count.multipliedReportingOverflow(by: minimumBytesEach)
        guard !overflow, needed <= UInt64(bytes.count - position) else { throw .badCBOR("declares \(count) items, more than the input holds") }
    }

    private mutating func byte() throws(StorageError) -> UInt8 {
        guard position < bytes.count else { throw .badCBOR("truncated") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func fixed(_ width: Int) throws(StorageError) -> UInt64 {
        guard bytes.count - position >= width else { throw .badCBOR("truncated") }
        var value: UInt64 = 0
        for _ in 0..<width { value = value << 8 | UInt64(bytes[position]); position += 1 }
        return value
    }

    private mutating func take(_ count: UInt64) throws(StorageError) -> [UInt8] {
        guard count <= UInt64(bytes.count - position) else { throw .badCBOR("declares \(count) bytes, more than the input holds") }
        defer { position += Int(count) }
        return Array(bytes[position..<position + Int(count)])
    }

    private func text(_ utf8: [UInt8]) throws(StorageError) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw .badCBOR("text is not valid UTF-8") }
        return text
    }
}

/// IEEE 754 half precision to Float, without relying on the platform's Float16.
enum Float16Bits {
    static func decode(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1f)
        let fraction = Float(bits & 0x3ff)
        switch exponent {
        case 0: return sign * fraction * Float(sign: .plus, exponent: -24, significand: 1)
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
