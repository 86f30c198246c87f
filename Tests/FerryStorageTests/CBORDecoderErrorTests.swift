import FerryStorage
import FerryTestSupport
import Testing

/// Every way the decoder refuses input, each with the message that says why.
@Suite struct CBORDecoderErrorTests {
    /// (hex, a phrase the badCBOR message must contain).
    static let refusals: [(String, String)] = [
        // Truncated input.
        ("", "truncated"), ("18", "truncated"), ("19 01", "truncated"), ("1a 0000", "truncated"),
        ("1b 00000000000000", "truncated"), ("81", "array declares 1 items but only 0 bytes remain (truncated"), ("82 01", "truncated"), ("a1 01", "map declares 1 pairs but only 1 byte remains (truncated"),
        ("c0", "truncated"), ("f9 00", "truncated"), ("fa 000000", "truncated"), ("fb 00", "truncated"),
        ("9f 01", "has no break"), ("bf 01 02", "has no break"), ("5f", "has no break"), ("5f 41 00", "has no break"),
        // Trailing bytes.
        ("00 00", "1 byte after the item, from byte 1"), ("80 ff", "after the item"), ("a0 a0 a0", "2 bytes after"),
        // Invalid UTF-8.
        ("61 ff", "not valid UTF-8"), ("61 80", "not valid UTF-8"), ("62 c0 80", "not valid UTF-8"),
        ("63 ed a0 80", "not valid UTF-8"), ("64 f4 90 80 80", "not valid UTF-8"), ("62 e6 b0", "not valid UTF-8"),
        ("7f 61 c3 61 bc ff", "not valid UTF-8"), ("7f 61 61 61 ff ff", "not valid UTF-8"),
        // Reserved additional information 28–30, for every major type.
        ("1c", "reserved additional information 28"), ("3d", "reserved additional information 29"),
        ("5e", "reserved additional information 30"), ("7c", "reserved"), ("9d", "reserved"), ("be", "reserved"),
        ("dc", "reserved"), ("fc", "reserved"), ("fd", "reserved"), ("fe", "reserved"),
        // Break outside an indefinite-length item.
        ("ff", "break (0xff) outside"), ("81 ff", "break (0xff) outside"), ("a1 ff 00", "break (0xff) outside"),
        ("a1 00 ff", "break (0xff) outside"), ("c1 ff", "break (0xff) outside"), ("bf 01 ff", "ends after a key"),
        // Indefinite length where none is allowed, and bad chunks.
        ("1f", "major type 0 cannot have indefinite length"), ("3f", "major type 1 cannot"),
        ("df 00", "major type 6 cannot"), ("5f 01 ff", "chunk"), ("5f 61 61 ff", "chunk"), ("7f 41 61 ff", "chunk"),
        ("5f 5f 41 01 ff ff", "chunk"), ("7f 7f ff ff", "chunk"), ("5f 5c ff", "reserved additional information 28"),
        // Declared lengths larger than the remaining input (checked before allocating).
        ("42 01", "byte 0: string declares 2 bytes but only 1 byte remains"), ("62 c3", "declares 2 bytes"),
        ("5b ffffffffffffffff", "declares 18446744073709551615 bytes"), ("7b 7fffffffffffffff 00", "declares"),
        ("5a ffffffff 00", "declares 4294967295 bytes"), ("5f 5b ffffffffffffffff ff", "declares"),
        ("9b ffffffffffffffff", "array declares 18446744073709551615 items"), ("9a 00010000 00", "array declares 65536 items"),
        ("bb 8000000000000000 00 00", "map declares 9223372036854775808 pairs"), ("a2 01 02 03", "map declares 2 pairs"),
        ("99 0002 00", "byte 0: array declares 2 items but only 1 byte remains"),
        // Duplicate map keys, including keys written differently.
        ("a2 01 02 01 03", "duplicate map key 1"), ("a2 6161 01 6161 02", "duplicate map key \"a\""),
        ("a2 01 00 1801 00", "duplicate map key 1"), ("a2 f93c00 00 fb3ff0000000000000 00", "duplicate map key 1.0"),
        ("bf 01 00 01 00 ff", "duplicate map key"), ("a2 820102 00 820102 01", "duplicate map key [1, 2]"),
        ("a2 a10102 00 a10102 00", "duplicate map key {1: 2}"), ("a2 f97e00 00 fb7ff8000000000001 00", "duplicate map key NaN"),
        ("a1 00 a2 41ff 00 5f41ffff 00", "byte 6: duplicate map key h'ff'"),
        // Simple values other than false, true, null, undefined.
        ("e0", "unsupported simple value 0"), ("f3", "unsupported simple value 19"), ("f8 20", "unsupported simple value 32"),
        ("f8 ff", "unsupported simple value 255"), ("f8 00", "must not use the two-byte form"),
        ("f8 18", "simple value 24 must not use the two-byte form"), ("f8 1f", "two-byte form"),
    ]

    @Test func refusesMalformedInput() {
        for (hex, phrase) in Self.refusals {
            guard let why = CBORTest.refusal(hex) else { continue }
            #expect(why.contains(phrase), "\(hex): \(why)")
        }
    }

    @Test func theErrorIsBadCBORWithItsMessage() {
        #expect(throws: StorageError.badCBOR("byte 0: break (0xff) outside an indefinite-length item")) {
            try CBORDecoder.decode([0xff])
        }
        let error = StorageError.badCBOR("1 byte after the item, from byte 1")
        #expect(throws: error) { try CBORDecoder.decode([0, 0]) }
        #expect(error.httpStatus == 400 && error.code == "storage.bad_cbor")
    }

    @Test func nestingIsLimited() throws {
        let depth = CBORDecoder.maximumDepth
        #expect(depth == 64)
        for opener: UInt8 in [0x81, 0xa1, 0xc1, 0x9f] {
            // Maps nest through their values: a1 00 a1 00 … (key 0 each time).
            let unit: [UInt8] = opener == 0xa1 ? [0xa1, 0x00] : [opener]
            let closer: [UInt8] = opener == 0x9f ? [0xff] : []
            func nested(_ levels: Int) -> [UInt8] {
                Array([[UInt8]](repeating: unit, count: levels).joined()) + [0x00]
                    + Array([[UInt8]](repeating: closer, count: levels).joined())
            }
            #expect(throws: Never.self) { try CBORDecoder.decode(nested(depth)) }
            let why = CBORTest.refusal(Hex.encode(nested(depth + 1)))
            #expect(why?.contains("nested deeper than 64") == true, "\(opener): \(why ?? "")")
        }
        // Far deeper input fails the same way, long before the stack could.
        #expect(CBORTest.refusal(String(repeating: "81", count: 100_000) + "00")?.contains("nested deeper") == true)
        let shallow = CBORDecoder.Limits(maximumDepth: 2)
        #expect(throws: Never.self) { try CBORDecoder.decode(CBORTest.bytes("81 81 00"), limits: shallow) }
        #expect(CBORTest.refusal("81 81 81 00", limits: shallow)?.contains("nested deeper than 2 at byte 3") == true)
    }

    @Test func itemCountIsLimited() {
        let limits = CBORDecoder.Limits(maximumItems: 10)
        // An array counts itself and its elements: 1 + 9 items is fine, 1 + 10 is not.
        #expect(throws: Never.self) { try CBORDecoder.decode([0x89] + [UInt8](repeating: 0, count: 9), limits: limits) }
        let array = "8a" + String(repeating: "00", count: 10)
        #expect(CBORTest.refusal(array, limits: limits)?.contains("more than 10 items") == true)
        // Keys and values both count; so do tagged items and indefinite containers.
        #expect(CBORTest.refusal("a5 0000 0100 0200 0300 0400", limits: limits)?.contains("more than 10 items") == true)
        #expect(CBORTest.refusal("9f" + String(repeating: "c0", count: 10) + "00ff", limits: limits) != nil)
        // Indefinite-string chunks do not: each takes input bytes anyway.
        #expect(throws: Never.self) { try CBORDecoder.decode(CBORTest.bytes("5f" + String(repeating: "40", count: 50) + "ff"), limits: limits) }
    }

    /// A declared length is compared with the remaining input before anything is built,
    /// so a few bytes cannot make the decoder allocate gigabytes.
    @Test func hugeDeclaredLengthsFailFast() {
        for head in ["5b", "7b", "9b", "bb"] {
            for length in ["00000000ffffffff", "7fffffffffffffff", "ffffffffffffffff"] {
                #expect(CBORTest.refusal(head + length + "00")?.contains("declares") == true, "\(head)\(length)")
            }
        }
    }
}
