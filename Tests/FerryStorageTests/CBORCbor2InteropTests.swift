import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// Bytes written by Python's cbor2 (the encoder Tahoe-LAFS uses), recorded in
/// Tests/Fixtures/cbor/cases.json by Tests/Fixtures/generate_cbor.py.
@Suite struct CBORCbor2InteropTests {
    struct Fixture: Decodable {
        let cbor2_version: String
        let cases: [Case]
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let hex: String
        let canonical_hex: String
        let indefinite_hex: String?
        let reencodes: Bool
        let value: Described
        var testDescription: String { name }
    }

    /// The fixture's one-key-object description of a value (see generate_cbor.py).
    struct Described: Decodable, Sendable {
        let cbor: CBORValue

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let object = try decoder.container(keyedBy: Key.self)
            func string(_ name: String) throws -> String { try object.decode(String.self, forKey: Key(stringValue: name)) }
            func number(_ name: String) throws -> UInt64 {
                guard let number = UInt64(try string(name)) else { throw DecodingError.dataCorruptedError(forKey: Key(stringValue: name), in: object, debugDescription: "not a uint64") }
                return number
            }
            guard let kind = object.allKeys.map(\.stringValue).first(where: { $0 != "value" }) else { throw DecodingError.dataCorruptedError(forKey: Key(stringValue: "?"), in: object, debugDescription: "no kind") }
            switch kind {
            case "uint": cbor = .unsigned(try number(kind))
            case "nint": cbor = .negative(try number(kind))
            case "bytes": cbor = .bytes(Hex.decode(try string(kind)))
            case "text": cbor = .text(try string(kind))
            case "float": cbor = .float(Double(bitPattern: UInt64(try string(kind), radix: 16) ?? 0))
            case "bool": cbor = .bool(try object.decode(Bool.self, forKey: Key(stringValue: kind)))
            case "null": cbor = .null
            case "undefined": cbor = .undefined
            case "array": cbor = .array(try object.decode([Described].self, forKey: Key(stringValue: kind)).map(\.cbor))
            case "map":
                let pairs = try object.decode([[Described]].self, forKey: Key(stringValue: kind))
                cbor = .map(pairs.map { ($0[0].cbor, $0[1].cbor) })
            case "tag": cbor = .tagged(try number(kind), try object.decode(Described.self, forKey: Key(stringValue: "value")).cbor)
            default: throw DecodingError.dataCorruptedError(forKey: Key(stringValue: kind), in: object, debugDescription: "unknown kind")
            }
        }
    }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/cbor/cases.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static func named(_ name: String) -> Case { fixture.cases.first { $0.name == name }! }

    @Test func fixtureIsComplete() {
        #expect(Self.fixture.cases.count >= 60)
        #expect(Self.fixture.cases.filter(\.reencodes).count >= 50)
    }

    @Test(arguments: fixture.cases)
    func decodesWhatCbor2Writes(_ item: Case) throws {
        let bytes = Hex.decode(item.hex)
        let value = try CBORDecoder.decode(bytes)
        #expect(value == item.value.cbor)
        if item.reencodes {
            #expect(Hex.encode(CBOREncoder.encode(value)) == item.hex, "same bytes as cbor2")
        }
        // cbor2's canonical=True output: Ferry reads it, and produces it from the value.
        let canonical = try CBORDecoder.decode(Hex.decode(item.canonical_hex))
        #expect(canonical.canonicalized() == canonical, "cbor2's canonical order is Ferry's")
        #expect(Hex.encode(CBOREncoder.encodeCanonical(value)) == item.canonical_hex)
        if let indefinite = item.indefinite_hex {
            #expect(try CBORDecoder.decode(Hex.decode(indefinite)) == value, "indefinite-length containers read the same")
        }
    }

    /// The protocol's parsers accept these bodies as Tahoe writes them.
    @Test func protocolMessagesParse() throws {
        func decoded(_ name: String) throws -> CBORValue { try CBORDecoder.decode(Hex.decode(Self.named(name).hex)) }
        let version = try Messages.Version(cbor: try decoded("version"))
        #expect(version.maximumImmutableShareSize == (1 << 40) + 12345 && version.maximumMutableShareSize == 69_105_000_000_000_000)
        #expect(version.applicationVersion == Array("tahoe-lafs/1.20.0".utf8))
        #expect(try decoded("allocate-request")["share-numbers"]?.setOfUInts == [1, 7, 200])
        let request = try Messages.parseAllocateRequest(try decoded("allocate-request"))
        #expect(request.shares == [1, 7, 200] && request.size == 12345)
        #expect(try Messages.parseAllocateRequest(try decoded("allocate-request-many")).shares == Set(stride(from: 0, to: 256, by: 5)))
        let allocation = try Messages.parseAllocation(try decoded("allocate-response"))
        #expect(allocation.alreadyHave == [1] && allocation.allocated == [7, 200])
        #expect(try Messages.parseRequired(try decoded("required")) == [0..<65536, (1 << 32)..<((1 << 32) + 1)])
        #expect(try Messages.parseRequired(try decoded("required-none")).isEmpty)
        #expect(try Messages.shareSet(try decoded("list-shares"), name: "shares") == [0, 1, 2, 255])
        #expect(try Messages.shareSet(try decoded("list-shares-empty"), name: "shares").isEmpty)
        #expect(try Messages.parseReason(try decoded("corruption-advisory-unicode")) == "h\u{e9}llo \u{6c34} \u{1f986}")
        let rtw = try decoded("read-test-write-request")
        #expect(rtw["test-write-vectors"]?[.unsigned(0)]?["new-length"]?.isNull == true)
        #expect(rtw["test-write-vectors"]?[.unsigned(3)]?["new-length"]?.uint == 12)
    }

    /// Things about cbor2's output worth knowing, pinned so a new cbor2 that changes them is noticed.
    @Test func cbor2Quirks() throws {
        // Python sets are tag 258 in Python's iteration order, not sorted: {1, 7, 200} → 200, 1, 7.
        #expect(Self.named("allocate-request").hex.contains("d901028318c80107"))
        // Without disk statistics Tahoe advertises 2**64 bytes, which cbor2 writes as a bignum.
        let noStats = try CBORDecoder.decode(Hex.decode(Self.named("version-no-disk-stats").hex))
        let inner = noStats[.bytes(Array(Messages.protocolKey.utf8))]
        #expect(inner?[.bytes(Array("available-space".utf8))] == .tagged(2, .bytes([1, 0, 0, 0, 0, 0, 0, 0, 0])))
        #expect(try Messages.Version(cbor: noStats).availableSpace == .max, "read as 'unlimited', clamped to UInt64.max")
        // Plain cbor2.dumps writes every float as a double.
        #expect(Self.named("float-1.5").hex == "fb3ff8000000000000" && Self.named("float-1.5").canonical_hex == "f93e00")
    }
}
