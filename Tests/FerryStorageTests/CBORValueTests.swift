import FerryStorage
import FerryTestSupport
import Testing

/// ``CBORValue``'s accessors, literals, equality, description and canonical ordering.
@Suite struct CBORValueTests {
    static let allocate: CBORValue = ["share-numbers": .set(of: [7, 1]), "allocated-size": 12345, .bytes([1]): "b"]

    @Test func mapSubscriptsReadTextKeys() {
        #expect(Self.allocate["allocated-size"]?.uint == 12345)
        #expect(Self.allocate["share-numbers"]?.setOfUInts == [1, 7])
        #expect(Self.allocate["missing"] == nil)
        #expect(Self.allocate["\u{1}"] == nil, "a text key does not match the byte-string key h'01'")
        #expect(Self.allocate[.bytes([1])]?.textValue == "b")
        #expect(CBORValue.array([1])["allocated-size"] == nil)
        #expect(CBORValue.text("x")[.unsigned(0)] == nil)
    }

    @Test func scalarAccessors() {
        #expect(CBORValue.unsigned(.max).uint == .max && CBORValue.negative(0).uint == nil)
        #expect(CBORValue.unsigned(5).int == 5 && CBORValue.negative(0).int == -1)
        #expect(CBORValue.negative(UInt64(Int64.max)).int == .min && CBORValue.negative(1 << 63).int == nil)
        #expect(CBORValue.unsigned(1 << 63).int == nil && CBORValue.text("5").int == nil)
        #expect(CBORValue.bytes([1, 2]).bytesValue == [1, 2] && CBORValue.text("a").bytesValue == nil)
        #expect(CBORValue.text("a").textValue == "a" && CBORValue.bytes([0x61]).textValue == nil)
        #expect(CBORValue.bool(true).boolValue == true && CBORValue.null.boolValue == nil)
        #expect(CBORValue.float(1.5).doubleValue == 1.5 && CBORValue.unsigned(1).doubleValue == nil)
        #expect(CBORValue.array([1]).arrayValue == [1] && CBORValue.map([]).arrayValue == nil)
        #expect(CBORValue.map([(1, 2)]).mapValue?.count == 1 && CBORValue.array([]).mapValue == nil)
        #expect(CBORValue.null.isNull && !CBORValue.undefined.isNull)
    }

    @Test func setsReadTaggedOrPlainArrays() {
        #expect(CBORValue.tagged(258, [3, 1, 2]).setOfUInts == [1, 2, 3])
        #expect(CBORValue.array([3, 1]).setOfUInts == [1, 3], "Tahoe's CDDL also allows a plain array")
        #expect(CBORValue.tagged(258, []).setOfUInts == [])
        #expect(CBORValue.tagged(258, [1, 1]).setOfUInts == nil, "a repeat is not a set")
        #expect(CBORValue.tagged(258, [1, -1]).setOfUInts == nil && CBORValue.tagged(258, ["a"]).setOfUInts == nil)
        #expect(CBORValue.tagged(259, [1]).setOfUInts == nil && CBORValue.unsigned(1).setOfUInts == nil)
        #expect(CBORValue.tagged(258, ["a", "b"]).setItems == ["a", "b"])
        #expect(CBORValue.set(of: [200, 7, 1, 7]) == .tagged(258, [1, 7, 200]))
        #expect(Hex.encode(CBOREncoder.encode(.set(of: [7, 1]))) == "d90102820107")
        #expect(CBORValue.set(["b", "a"]) == .tagged(258, ["b", "a"]))
    }

    @Test func literals() {
        #expect(CBORValue(integerLiteral: -1) == .negative(0))
        #expect(CBORValue(integerLiteral: .min) == .negative(UInt64(Int64.max)))
        let value: CBORValue = ["a": [1, -2, "x", true, 1.5], 3: [:]]
        #expect(value == .map([(.text("a"), .array([.unsigned(1), .negative(1), .text("x"), .bool(true), .float(1.5)])),
                               (.unsigned(3), .map([]))]))
    }

    @Test func equalityAndHashing() throws {
        #expect(CBORValue.map([(1, 2), (3, 4)]) != .map([(3, 4), (1, 2)]), "map order matters")
        #expect(CBORValue.float(.nan) == .float(-.nan) && Set<CBORValue>([.float(.nan), .float(-.nan)]).count == 1)
        #expect(CBORValue.float(0.0) == .float(-0.0) && Set<CBORValue>([.float(0.0), .float(-0.0)]).count == 1)
        #expect(CBORValue.text("\u{e9}") != .text("e\u{301}"), "text compares by UTF-8 bytes, not canonical equivalence")
        #expect(CBORValue.unsigned(1) != .float(1) && CBORValue.unsigned(1) != .negative(1))
        #expect(CBORValue.tagged(258, [1]) != .array([1]) && CBORValue.null != .undefined)
        let keys: Set<CBORValue> = [["a": 1], ["a": 1], [1, 2], .tagged(1, 0), .bytes([]), ""]
        #expect(keys.count == 5)
        // Canonically equivalent but different text: two distinct keys, both kept.
        #expect(try CBORDecoder.decode(CBORTest.bytes("a2 62c3a9 00 6365cc81 01")).mapValue?.count == 2)
    }

    @Test func diagnosticNotation() {
        let value: CBORValue = ["a": [.bytes([0, 0xab]), -1, .tagged(258, [1]), .null, .undefined, 1.5, .float(.nan)]]
        #expect(value.description == "{\"a\": [h'00ab', -1, 258([1]), null, undefined, 1.5, NaN]}")
        #expect(CBORValue.negative(.max).description == "-18446744073709551616")
        #expect(CBORValue.float(-.infinity).description == "-Infinity")
    }

    /// RFC 7049 §3.9 canonical order (what cbor2's `canonical=True` uses): shorter key
    /// encodings first, then bytewise. RFC 8949's bytewise-only order would put 100 first.
    @Test func canonicalKeyOrderIsLengthFirst() {
        let pairs: [(CBORValue, CBORValue)] = [(100, 0), (-1, 1), ("aaa", 2), ("b", 3), (.bytes([0x7a, 0x7a]), 4), (10, 5), (false, 6)]
        let sorted = CBOREncoder.canonicalOrder(pairs).map(\.0)
        #expect(sorted == [10, -1, false, 100, "b", .bytes([0x7a, 0x7a]), "aaa"])
        #expect(Hex.encode(CBOREncoder.encodeCanonical(.map(pairs))) == "a7" + "0a05" + "2001" + "f406" + "186400"
            + "616203" + "427a7a04" + "6361616102")
        // Nested maps and tag-258 sets are sorted too; plain arrays keep their order.
        let nested: CBORValue = ["b": ["y": 1, "x": 2], "a": .set([100, -1]), "c": [3, 2]]
        #expect(nested.canonicalized() == ["a": .set([-1, 100]), "b": ["x": 2, "y": 1], "c": [3, 2]])
        #expect(CBOREncoder.canonicalOrder([(1, "first"), (1, "second")]).map(\.1) == ["first", "second"], "stable")
    }

    /// Floats come out in the shortest form that holds them exactly.
    @Test func floatsUseTheShortestExactForm() throws {
        let cases: [(Double, String)] = [
            (0.5, "f93800"), (65504, "f97bff"), (65505, "fa477fe100"), (6.103515625e-05, "f90400"),
            (1.0 / 3, "fb3fd5555555555555"), (Double(Float.leastNonzeroMagnitude), "fa00000001"),
            (Double(Float.greatestFiniteMagnitude), "fa7f7fffff"), (Double.greatestFiniteMagnitude, "fb7fefffffffffffff"),
            (Double.leastNonzeroMagnitude, "fb0000000000000001"), (1e-7, "fb3e7ad7f29abcaf48"), (-2.98023223876953125e-8, "fa b3000000"),
        ]
        for (number, hex) in cases {
            #expect(Hex.encode(CBOREncoder.encode(.float(number))) == hex.replacingOccurrences(of: " ", with: ""), "\(number)")
            #expect(try CBORDecoder.decode(CBORTest.bytes(hex)) == .float(number), "\(hex)")
        }
        // Every half-precision pattern decodes and re-encodes as itself (NaNs as f97e00).
        for bits in 0...UInt16.max {
            let encoded: [UInt8] = [0xf9, UInt8(bits >> 8), UInt8(bits & 0xff)]
            let value = try CBORDecoder.decode(encoded)
            let isNaN = bits & 0x7c00 == 0x7c00 && bits & 0x3ff != 0
            #expect(CBOREncoder.encode(value) == (isNaN ? [0xf9, 0x7e, 0x00] : encoded), "\(bits)")
        }
    }
}
