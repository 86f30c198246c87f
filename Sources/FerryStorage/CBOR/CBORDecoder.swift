/// Reads exactly one CBOR item (RFC 8949), strictly and safely, for input that may be
/// hostile. Every problem is a ``StorageError/badCBOR(_:)`` saying what and where (byte
/// offset); the decoder never traps:
///
/// - truncated input, and any bytes left after the top-level item;
/// - reserved additional information 28–30, a break (`0xff`) outside an indefinite-length
///   item, indefinite length on major types 0, 1 and 6, a nested or wrong-type chunk in an
///   indefinite-length string;
/// - text (or a chunk of indefinite text) that is not valid UTF-8;
/// - simple values other than false, true, null and undefined, and two-byte simple values
///   below 32;
/// - a string, array or map declaring more bytes or items than the remaining input could
///   hold (checked before anything is allocated);
/// - nesting deeper than ``Limits/maximumDepth`` and more than ``Limits/maximumItems`` items;
/// - duplicate map keys, compared as values (so `01` and its long form `18 01` clash).
///
/// Accepted, as RFC 8949 allows: non-shortest heads and floats, indefinite-length strings,
/// arrays and maps (read into the same values as definite ones), any tag number.
public struct CBORDecoder {
    /// Deepest nesting accepted by default: 64 arrays, maps or tags inside each other.
    public static let maximumDepth = Limits.default.maximumDepth

    private var reader: CBORByteReader
    private let limits: Limits
    private var items = 0

    private init(_ bytes: [UInt8], limits: Limits) {
        reader = CBORByteReader(bytes)
        self.limits = limits
    }

    /// Decodes `bytes`, which must hold exactly one item and nothing after it.
    public static func decode(_ bytes: [UInt8], limits: Limits = .default) throws(StorageError) -> CBORValue {
        var decoder = CBORDecoder(bytes, limits: limits)
        let value = try decoder.item(depth: 0)
        let extra = decoder.reader.remaining
        guard extra == 0 else {
            throw .badCBOR("\(extra) byte\(extra == 1 ? "" : "s") after the item, from byte \(decoder.reader.position)")
        }
        return value
    }

    /// Decodes the bytes of `bytes`, which must hold exactly one item.
    public static func decode(_ bytes: some Sequence<UInt8>, limits: Limits = .default) throws(StorageError) -> CBORValue {
        try decode(Array(bytes), limits: limits)
    }

    /// One item at nesting `depth` (0 for the top level).
    private mutating func item(depth: Int) throws(StorageError) -> CBORValue {
        let start = reader.position
        guard depth <= limits.maximumDepth else { throw .badCBOR("nested deeper than \(limits.maximumDepth) at byte \(start)") }
        items += 1
        guard items <= limits.maximumItems else { throw .badCBOR("more than \(limits.maximumItems) items") }
        let initial = try reader.byte()
        let major = initial >> 5
        let info = initial & 0x1f
        if info == 31 { return try indefinite(major: major, depth: depth, at: start) }
        if major == 7 { return try simple(info, at: start) }
        let argument = try self.argument(info, at: start)
        switch major {
        case 0: return .unsigned(argument)
        case 1: return .negative(argument)
        case 2: return .bytes(Array(try reader.take(argument, at: start)))
        case 3: return .text(try text(try reader.take(argument, at: start), at: start))
        case 4:
            try checkCount(argument, bytesEach: 1, at: start)
            var elements: [CBORValue] = []
            elements.reserveCapacity(min(Int(argument), limits.maximumItems))
            for _ in 0..<argument { elements.append(try item(depth: depth + 1)) }
            return .array(elements)
        case 5:
            try checkCount(argument, bytesEach: 2, at: start)
            var map = CBORMapBuilder(capacity: min(Int(argument), limits.maximumItems))
            for _ in 0..<argument {
                let keyStart = reader.position
                let key = try item(depth: depth + 1)
                try map.add(key, try item(depth: depth + 1), keyAt: keyStart)
            }
            return .map(map.pairs)
        default: return .tagged(argument, try item(depth: depth + 1))
        }
    }

    private mutating func indefinite(major: UInt8, depth: Int, at start: Int) throws(StorageError) -> CBORValue {
        switch major {
        case 2, 3:
            var joined: [UInt8] = []
            while try !atBreak(start) {
                let chunkStart = reader.position
                let head = try reader.byte()
                guard head >> 5 == major, head & 0x1f != 31 else {
                    throw .badCBOR("byte \(chunkStart): a chunk of the indefinite-length string at byte \(start) must be a definite string of the same type")
                }
                let chunk = try reader.take(try argument(head & 0x1f, at: chunkStart), at: chunkStart)
                if major == 3 { _ = try text(chunk, at: chunkStart) }
                joined += chunk
            }
            return major == 2 ? .bytes(joined) : .text(String(decoding: joined, as: UTF8.self))
        case 4:
            var elements: [CBORValue] = []
            while try !atBreak(start) { elements.append(try item(depth: depth + 1)) }
            return .array(elements)
        case 5:
            var map = CBORMapBuilder(capacity: 0)
            while try !atBreak(start) {
                let keyStart = reader.position
                let key = try item(depth: depth + 1)
                if reader.peek == 0xff { throw .badCBOR("byte \(reader.position): the map at byte \(start) ends after a key, without its value") }
                try map.add(key, try item(depth: depth + 1), keyAt: keyStart)
            }
            return .map(map.pairs)
        case 7: throw .badCBOR("byte \(start): break (0xff) outside an indefinite-length item")
        default: throw .badCBOR("byte \(start): major type \(major) cannot have indefinite length")
        }
    }

    private mutating func simple(_ info: UInt8, at start: Int) throws(StorageError) -> CBORValue {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 24:
            let value = try reader.byte()
            if value < 32 { throw .badCBOR("byte \(start): simple value \(value) must not use the two-byte form") }
            throw .badCBOR("byte \(start): unsupported simple value \(value)")
        case 25: return .float(Double(CBORHalfFloat.decode(UInt16(try reader.fixed(2)))))
        case 26: return .float(Double(Float(bitPattern: UInt32(try reader.fixed(4)))))
        case 27: return .float(Double(bitPattern: try reader.fixed(8)))
        case 28...30: throw .badCBOR("byte \(start): reserved additional information \(info)")
        default: throw .badCBOR("byte \(start): unsupported simple value \(info)")
        }
    }

    /// The argument that follows an initial byte with additional information `info` (< 31).
    private mutating func argument(_ info: UInt8, at start: Int) throws(StorageError) -> UInt64 {
        switch info {
        case 0..<24: return UInt64(info)
        case 24: return try reader.fixed(1)
        case 25: return try reader.fixed(2)
        case 26: return try reader.fixed(4)
        case 27: return try reader.fixed(8)
        default: throw .badCBOR("byte \(start): reserved additional information \(info)")
        }
    }

    /// Consumes a break if one is next; throws when the input ends before one.
    private mutating func atBreak(_ start: Int) throws(StorageError) -> Bool {
        guard let next = reader.peek else { throw .badCBOR("truncated: the indefinite-length item at byte \(start) has no break") }
        guard next == 0xff else { return false }
        _ = try reader.byte()
        return true
    }

    /// Refuses a container whose `count` entries (each at least `bytesEach` bytes) cannot fit.
    private func checkCount(_ count: UInt64, bytesEach: UInt64, at start: Int) throws(StorageError) {
        let (needed, overflow) = count.multipliedReportingOverflow(by: bytesEach)
        guard !overflow, needed <= UInt64(reader.remaining) else {
            let what = bytesEach == 1 ? "array declares \(count) items" : "map declares \(count) pairs"
            throw .badCBOR("byte \(start): \(what) but \(CBORByteReader.only(reader.remaining)) (truncated, or a bogus length)")
        }
    }

    private func text(_ utf8: ArraySlice<UInt8>, at start: Int) throws(StorageError) -> String {
        // Decoding repairs invalid sequences with U+FFFD, so the bytes survive only if valid.
        let text = String(decoding: utf8, as: UTF8.self)
        guard text.utf8.elementsEqual(utf8) else { throw .badCBOR("byte \(start): text is not valid UTF-8") }
        return text
    }
}
