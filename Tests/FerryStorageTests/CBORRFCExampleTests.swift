import FerryStorage
import FerryTestSupport
import Testing

/// RFC 8949 Appendix A examples for the types Ferry models, both ways, plus the
/// decode-only ones (indefinite lengths, wider float forms).
@Suite struct CBORRFCExampleTests {
    static let one_to_25: [CBORValue] = (1...25).map { .unsigned(UInt64($0)) }

    /// Examples whose encoding is also the preferred serialization, so Ferry writes them.
    static let bothWays: [(CBORValue, String)] = [
        (0, "00"), (1, "01"), (10, "0a"), (23, "17"), (24, "1818"), (25, "1819"), (100, "1864"),
        (1000, "1903e8"), (1_000_000, "1a000f4240"), (1_000_000_000_000, "1b000000e8d4a51000"),
        (.unsigned(.max), "1bffffffffffffffff"),
        (.tagged(2, .bytes([1, 0, 0, 0, 0, 0, 0, 0, 0])), "c249010000000000000000"),
        (.negative(.max), "3bffffffffffffffff"),
        (.tagged(3, .bytes([1, 0, 0, 0, 0, 0, 0, 0, 0])), "c349010000000000000000"),
        (-1, "20"), (-10, "29"), (-100, "3863"), (-1000, "3903e7"),
        (0.0, "f90000"), (.float(-0.0), "f98000"), (1.0, "f93c00"), (1.1, "fb3ff199999999999a"),
        (1.5, "f93e00"), (65504.0, "f97bff"), (100_000.0, "fa47c35000"),
        (3.4028234663852886e+38, "fa7f7fffff"), (1.0e+300, "fb7e37e43c8800759c"),
        (5.960464477539063e-8, "f90001"), (0.00006103515625, "f90400"), (-4.0, "f9c400"),
        (-4.1, "fbc010666666666666"), (.float(.infinity), "f97c00"), (.float(.nan), "f97e00"),
        (.float(-.infinity), "f9fc00"),
        (false, "f4"), (true, "f5"), (.null, "f6"), (.undefined, "f7"),
        (.tagged(0, "2013-03-21T20:04:00Z"), "c074323031332d30332d32315432303a30343a30305a"),
        (.tagged(1, 1_363_896_240), "c11a514b67b0"), (.tagged(1, 1_363_896_240.5), "c1fb41d452d9ec200000"),
        (.tagged(23, .bytes([1, 2, 3, 4])), "d74401020304"),
        (.tagged(24, .bytes([0x64, 0x49, 0x45, 0x54, 0x46])), "d818456449455446"),
        (.tagged(32, "http://www.example.com"), "d82076687474703a2f2f7777772e6578616d706c652e636f6d"),
        (.bytes([]), "40"), (.bytes([1, 2, 3, 4]), "4401020304"),
        ("", "60"), ("a", "6161"), ("IETF", "6449455446"), ("\"\\", "62225c"), ("\u{fc}", "62c3bc"),
        ("\u{6c34}", "63e6b0b4"), ("\u{10151}", "64f0908591"),
        ([], "80"), ([1, 2, 3], "83010203"), ([1, [2, 3], [4, 5]], "8301820203820405"),
        (.array(one_to_25), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
        ([:], "a0"), ([1: 2, 3: 4], "a201020304"), (["a": 1, "b": [2, 3]], "a26161016162820203"),
        (["a", ["b": "c"]], "826161a161626163"),
        (["a": "A", "b": "B", "c": "C", "d": "D", "e": "E"], "a56161614161626142616361436164614461656145"),
        (.tagged(258, [1, 7]), "d90102820107"),
    ]

    /// Other encodings RFC 8949 lists, which Ferry reads but writes differently.
    static let decodeOnly: [(String, CBORValue)] = [
        ("fa7f800000", .float(.infinity)), ("fa7fc00000", .float(.nan)), ("faff800000", .float(-.infinity)),
        ("fb7ff0000000000000", .float(.infinity)), ("fb7ff8000000000000", .float(.nan)),
        ("fbfff0000000000000", .float(-.infinity)),
        ("5f42010243030405ff", .bytes([1, 2, 3, 4, 5])), ("7f657374726561646d696e67ff", "streaming"),
        ("9fff", []), ("9f018202039f0405ffff", [1, [2, 3], [4, 5]]), ("9f01820203820405ff", [1, [2, 3], [4, 5]]),
        ("83018202039f0405ff", [1, [2, 3], [4, 5]]), ("83019f0203ff820405", [1, [2, 3], [4, 5]]),
        ("9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", .array(one_to_25)),
        ("bf61610161629f0203ffff", ["a": 1, "b": [2, 3]]), ("826161bf61626163ff", ["a", ["b": "c"]]),
        ("bf6346756ef563416d7421ff", ["Fun": true, "Amt": -2]),
        // Not in the appendix: non-shortest heads, and empty indefinite strings, are accepted too.
        ("1800", 0), ("190017", 23), ("1a000000ff", 255), ("1b0000000000010000", 65536), ("3800", -1),
        ("5800", .bytes([])), ("790001" + "61", "a"), ("980101", [1]), ("b9000101f6", [1: .null]),
        ("d9000100", .tagged(1, 0)), ("5fff", .bytes([])), ("7fff", ""), ("7f60ff", ""), ("bfff", [:]),
    ]

    @Test func encodesAppendixA() {
        for (value, hex) in Self.bothWays {
            #expect(Hex.encode(CBOREncoder.encode(value)) == hex, "\(value)")
        }
    }

    @Test func decodesAppendixA() throws {
        for (value, hex) in Self.bothWays {
            #expect(try CBORDecoder.decode(CBORTest.bytes(hex)) == value, "\(hex)")
        }
    }

    @Test func decodesOtherForms() throws {
        for (hex, value) in Self.decodeOnly {
            #expect(try CBORDecoder.decode(CBORTest.bytes(hex)) == value, "\(hex)")
        }
    }

    /// Every decode-only form re-encodes in preferred serialization and reads back the same.
    @Test func otherFormsReencodeCanonically() throws {
        for (hex, value) in Self.decodeOnly {
            let encoded = CBOREncoder.encode(value)
            #expect(encoded.count <= CBORTest.bytes(hex).count, "\(hex)")
            #expect(try CBORDecoder.decode(encoded) == value, "\(hex)")
        }
    }
}
