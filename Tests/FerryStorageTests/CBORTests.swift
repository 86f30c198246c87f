import FerryStorage
import FerryTestSupport
import Testing

@Suite struct CBORTests {
    /// RFC 8949 Appendix A examples for the types the protocol uses.
    static let vectors: [(CBORValue, String)] = [
        (.unsigned(0), "00"), (.unsigned(1), "01"), (.unsigned(10), "0a"), (.unsigned(23), "17"), (.unsigned(24), "1818"),
        (.unsigned(25), "1819"), (.unsigned(100), "1864"), (.unsigned(1000), "1903e8"), (.unsigned(1_000_000), "1a000f4240"),
        (.unsigned(1_000_000_000_000), "1b000000e8d4a51000"), (.unsigned(.max), "1bffffffffffffffff"),
        (.negative(0), "20"), (.negative(9), "29"), (.negative(99), "3863"), (.negative(999), "3903e7"),
        (.bool(false), "f4"), (.bool(true), "f5"), (.null, "f6"), (.undefined, "f7"),
        (.bytes([]), "40"), (.bytes([1, 2, 3, 4]), "4401020304"), (.text(""), "60"), (.text("a"), "6161"),
        (.text("IETF"), "6449455446"), (.text("\u{fc}"), "62c3bc"), (.text("\u{6c34}"), "63e6b0b4"),
        (.array([]), "80"), (.array([.unsigned(1), .unsigned(2), .unsigned(3)]), "83010203"),
        (.array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])]), "8301820203820405"),
        (.map([]), "a0"), (.map([(.unsigned(1), .unsigned(2)), (.unsigned(3), .unsigned(4))]), "a201020304"),
        (.map([(.text("a"), .unsigned(1)), (.text("b"), .array([.unsigned(2), .unsigned(3)]))]), "a26161016162820203"),
        (.tagged(258, .array([.unsigned(1), .unsigned(7)])), "d9010282 0107".replacingOccurrences(of: " ", with: "")),
        (.float(1.1), "fb3ff199999999999a"),
    ]

    @Test func encodesAndDecodesRFCExamples() throws {
        for (value, hex) in Self.vectors {
            #expect(Hex.encode(CBOREncoder.encode(value)) == hex, "\(value)")
            #expect(try CBORDecoder.decode(Hex.decode(hex)) == value, "\(hex)")
        }
    }

    @Test func decodesOtherRFCForms() throws {
        #expect(try CBORDecoder.decode(Hex.decode("f93c00")) == .float(1.0))
        #expect(try CBORDecoder.decode(Hex.decode("fa47c35000")) == .float(100_000.0))
        #expect(try CBORDecoder.decode(Hex.decode("5f42010243030405ff")) == .bytes([1, 2, 3, 4, 5]))
        #expect(try CBORDecoder.decode(Hex.decode("7f657374726561646d696e67ff")) == .text("streaming"))
        #expect(try CBORDecoder.decode(Hex.decode("9f018202039f0405ffff"))
            == .array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])]))
        #expect(try CBORDecoder.decode(Hex.decode("bf61610161629f0203ffff"))
            == .map([(.text("a"), .unsigned(1)), (.text("b"), .array([.unsigned(2), .unsigned(3)]))]))
        #expect(try CBORDecoder.decode(Hex.decode("1800")) == .unsigned(0), "non-shortest forms are accepted")
    }

    @Test("malformed input is refused", arguments: [
        "", "18", "1a0000", "42 01", "62c3", "62ffff", "81", "a1 01", "ff", "1c", "5f 01 ff", "5f 61 61 ff", "9f 01",
        "a2 01 02 01 03", "00 00", "9b ffffffffffffffff", "5b ffffffffffffffff", "f8 10", "7f ff 00",
    ])
    func rejects(_ hex: String) {
        #expect(throws: StorageError.self, "\(hex)") { try CBORDecoder.decode(Hex.decode(hex.replacingOccurrences(of: " ", with: ""))) }
    }

    @Test func deepNestingIsRefused() {
        let deep = [UInt8](repeating: 0x81, count: 200) + [0x00]
        #expect(throws: StorageError.self) { try CBORDecoder.decode(deep) }
        let fine = [UInt8](repeating: 0x81, count: 60) + [0x00]
        #expect(throws: Never.self) { try CBORDecoder.decode(fine) }
    }

    /// Random and mutated inputs only ever decode or throw ``StorageError``; what decodes re-encodes and decodes the same.
    @Test func randomInputNeverCrashes() throws {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 24
        }
        let seeds = Self.vectors.map { CBOREncoder.encode($0.0) }
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(next() % 24)).map { _ in UInt8(truncatingIfNeeded: next()) }
            } else {
                bytes = seeds[Int(next() % UInt64(seeds.count))]
                if !bytes.isEmpty { bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next()) }
                if next() % 3 == 0 { bytes.append(UInt8(truncatingIfNeeded: next())) }
            }
            if let value = try? CBORDecoder.decode(bytes) {
                #expect(try CBORDecoder.decode(CBOREncoder.encode(value)) == value)
            }
        }
    }

    /// Bytes written by Python's cbor2 (Tahoe-LAFS's encoder) for protocol-shaped messages.
    @Test func readsWhatCbor2Writes() throws {
        let output = try TahoePython.run("""
            import cbor2
            messages = [
                {b"http://allmydata.org/tahoe/protocols/storage/v1": {b"maximum-immutable-share-size": 2**40,
                 b"maximum-mutable-share-size": 0, b"available-space": 2**33}, b"application-version": b"tahoe-lafs/1.20"},
                {"share-numbers": {1, 7, 200}, "allocated-size": 12345},
                {"required": [{"begin": 0, "end": 65536}, {"begin": 2**32, "end": 2**32 + 1}]},
                {"reason": "h\\u00e9llo"},
                [0, 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**64 - 1, -1, -2**63, b"", "", [], {}],
            ]
            for message in messages:
                print(cbor2.dumps(message).hex())
            """)
        let lines = output.split(separator: "\n").map { Hex.decode(String($0)) }
        try #require(lines.count == 5)
        let version = try Messages.Version(cbor: try CBORDecoder.decode(lines[0]))
        #expect(version.maximumImmutableShareSize == 1 << 40 && version.availableSpace == 1 << 33)
        #expect(version.applicationVersion == Array("tahoe-lafs/1.20".utf8))
        let request = try Messages.parseAllocateRequest(try CBORDecoder.decode(lines[1]))
        #expect(request.shares == [1, 7, 200] && request.size == 12345)
        #expect(try Messages.parseRequired(try CBORDecoder.decode(lines[2])) == [0..<65536, (1 << 32)..<((1 << 32) + 1)])
        #expect(try Messages.parseReason(try CBORDecoder.decode(lines[3])) == "h\u{e9}llo")
        let numbers = try CBORDecoder.decode(lines[4])
        #expect(numbers == .array([.unsigned(0), .unsigned(23), .unsigned(24), .unsigned(255), .unsigned(256), .unsigned(65535),
                                   .unsigned(65536), .unsigned(0xffff_ffff), .unsigned(1 << 32), .unsigned(.max), .negative(0),
                                   .negative((1 << 63) - 1), .bytes([]), .text(""), .array([]), .map([])]))
        #expect(CBOREncoder.encode(numbers) == lines[4], "the same canonical bytes as cbor2")
    }
}
