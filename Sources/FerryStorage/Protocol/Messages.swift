import FerryCore

/// The CBOR bodies of the immutable storage protocol, as typed values with their
/// wire forms (CDDL in Tahoe-LAFS's http-storage-node-protocol.rst).
public enum Messages {
    /// The version namespace key of Tahoe's version message.
    public static let protocolKey = "http://allmydata.org/tahoe/protocols/storage/v1"

    /// `GET /storage/v1/version`. Tahoe writes these map keys as byte strings; readers
    /// accept byte or text keys.
    public struct Version: Sendable, Equatable {
        public var maximumImmutableShareSize: UInt64
        public var maximumMutableShareSize: UInt64
        public var availableSpace: UInt64
        public var applicationVersion: [UInt8]

        public init(maximumImmutableShareSize: UInt64, maximumMutableShareSize: UInt64, availableSpace: UInt64, applicationVersion: [UInt8]) {
            self.maximumImmutableShareSize = maximumImmutableShareSize
            self.maximumMutableShareSize = maximumMutableShareSize
            self.availableSpace = availableSpace
            self.applicationVersion = applicationVersion
        }

        public var cbor: CBORValue {
            .map([
                (.bytes(Array(Messages.protocolKey.utf8)), .map([
                    (.bytes(Array("maximum-immutable-share-size".utf8)), .unsigned(maximumImmutableShareSize)),
                    (.bytes(Array("maximum-mutable-share-size".utf8)), .unsigned(maximumMutableShareSize)),
                    (.bytes(Array("available-space".utf8)), .unsigned(availableSpace)),
                ])),
                (.bytes(Array("application-version".utf8)), .bytes(applicationVersion)),
            ])
        }

        public init(cbor: CBORValue) throws(StorageError) {
            guard let inner = Messages.field(cbor, Messages.protocolKey) else { throw .badCBOR("version lacks \(Messages.protocolKey)") }
            func number(_ key: String) throws(StorageError) -> UInt64 {
                switch Messages.field(inner, key) {
                case .unsigned(let value)?: return value
                // A bignum (tag 2): Tahoe advertises 2**64 when it cannot measure its disk.
                case .tagged(2, .bytes)?: return .max
                default: throw .badCBOR("version lacks \(key)")
                }
            }
            maximumImmutableShareSize = try number("maximum-immutable-share-size")
            maximumMutableShareSize = try number("maximum-mutable-share-size")
            availableSpace = try number("available-space")
            switch Messages.field(cbor, "application-version") {
            case .bytes(let bytes)?: applicationVersion = bytes
            case .text(let text)?: applicationVersion = Array(text.utf8)
            default: applicationVersion = []
            }
        }
    }

    /// `POST /storage/v1/immutable/:si` request.
    public static func allocateRequest(shares: Set<Int>, size: UInt64) -> CBORValue {
        .map([(.text("share-numbers"), set(shares)), (.text("allocated-size"), .unsigned(size))])
    }

    public static func parseAllocateRequest(_ value: CBORValue) throws(StorageError) -> (shares: Set<Int>, size: UInt64) {
        guard case .unsigned(let size)? = field(value, "allocated-size") else { throw .badCBOR("allocated-size missing or not a number") }
        return (try shareSet(field(value, "share-numbers"), name: "share-numbers"), size)
    }

    /// `POST /storage/v1/immutable/:si` response.
    public static func allocation(_ allocation: Allocation) -> CBORValue {
        .map([(.text("already-have"), set(allocation.alreadyHave)), (.text("allocated"), set(allocation.allocated))])
    }

    public static func parseAllocation(_ value: CBORValue) throws(StorageError) -> Allocation {
        Allocation(alreadyHave: try shareSet(field(value, "already-have"), name: "already-have"),
                   allocated: try shareSet(field(value, "allocated"), name: "allocated"))
    }

    /// PATCH response: `{"required": [{"begin": b, "end": e}, …]}`.
    public static func required(_ ranges: [Range<UInt64>]) -> CBORValue {
        .map([(.text("required"), .array(ranges.map { .map([(.text("begin"), .unsigned($0.lowerBound)), (.text("end"), .unsigned($0.upperBound))]) }))])
    }

    public static func parseRequired(_ value: CBORValue) throws(StorageError) -> [Range<UInt64>] {
        guard case .array(let items)? = field(value, "required") else { throw .badCBOR("required missing") }
        var ranges: [Range<UInt64>] = []
        for item in items {
            guard case .unsigned(let begin)? = field(item, "begin"), case .unsigned(let end)? = field(item, "end"), begin <= end else {
                throw .badCBOR("bad required range")
            }
            ranges.append(begin..<end)
        }
        return ranges
    }

    /// A set of share numbers (tag 258 over an array).
    public static func set(_ shares: Set<Int>) -> CBORValue { .tagged(258, .array(shares.sorted().map { .unsigned(UInt64($0)) })) }

    /// Reads a set (tagged or a plain array) of share numbers 0–255, without repeats.
    public static func shareSet(_ value: CBORValue?, name: String) throws(StorageError) -> Set<Int> {
        var inner = value
        if case .tagged(258, let tagged)? = value { inner = tagged }
        guard case .array(let items)? = inner else { throw .badCBOR("\(name) is not a set") }
        var shares = Set<Int>()
        for item in items {
            guard case .unsigned(let number) = item, number < UInt64(UploadRules.maximumShares), shares.insert(Int(number)).inserted else {
                throw .badCBOR("\(name) holds a bad or repeated share number")
            }
        }
        return shares
    }

    /// Corruption advisory: `{"reason": tstr .size (1..32765)}`.
    public static func parseReason(_ value: CBORValue) throws(StorageError) -> String {
        guard case .text(let reason)? = field(value, "reason"), (1...32765).contains(reason.utf8.count) else {
            throw .badCBOR("reason must be text of 1 to 32765 bytes")
        }
        return reason
    }

    /// Ferry's error body: `{"code": …, "message": …}`.
    public static func error(_ error: StorageError) -> CBORValue {
        .map([(.text("code"), .text(error.code)), (.text("message"), .text(error.message))])
    }

    /// A map's value under `key`, given as a text or a byte-string key.
    static func field(_ value: CBORValue, _ key: String) -> CBORValue? {
        guard case .map(let pairs) = value else { return nil }
        return pairs.first { pair in
            switch pair.0 {
            case .text(let text): text == key
            case .bytes(let bytes): bytes == Array(key.utf8)
            default: false
            }
        }?.1
    }
}
