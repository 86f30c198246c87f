import FerryStorage
import FerryTestSupport
import Testing

/// Random values round-trip; random and damaged bytes only ever decode or throw badCBOR.
/// Everything is driven by a fixed-seed generator, so failures reproduce.
@Suite struct CBORFuzzTests {
    /// SplitMix64 with helpers: small, deterministic, good enough to spread inputs around.
    struct Generator {
        var mix: SplitMix64
        init(state: UInt64) { mix = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { mix.next() }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
        /// An integer that is often near an encoding boundary.
        mutating func boundaryNumber() -> UInt64 {
            let edges: [UInt64] = [0, 23, 24, 255, 256, 65535, 65536, 0xffff_ffff, 1 << 32, .max]
            return below(3) == 0 ? next() >> UInt64(below(64)) : edges[below(edges.count)] &+ UInt64(below(3)) &- 1
        }
    }

    /// A random value at most `depth` levels deep, with unique map keys.
    static func randomValue(_ g: inout Generator, depth: Int) -> CBORValue {
        switch g.below(depth > 0 ? 12 : 8) {
        case 0: return .unsigned(g.boundaryNumber())
        case 1: return .negative(g.boundaryNumber())
        case 2: return .bytes((0..<g.below(40)).map { _ in g.byte() })
        case 3:
            let scalars = (0..<g.below(12)).compactMap { _ in Unicode.Scalar(UInt32(g.next() % (g.below(2) == 0 ? 128 : 0x11_0000))) }
            return .text(String(String.UnicodeScalarView(scalars)))
        case 4: return .bool(g.below(2) == 0)
        case 5: return [.null, .undefined][g.below(2)]
        case 6: return .float([Double(bitPattern: g.next()), Double(Float(bitPattern: UInt32(truncatingIfNeeded: g.next()))), 1.5, -0.0][g.below(4)])
        case 7: return .tagged(g.boundaryNumber(), .unsigned(g.next() >> 40))
        case 8, 9: return .array((0..<g.below(6)).map { _ in randomValue(&g, depth: depth - 1) })
        case 10:
            var seen = Set<CBORValue>()
            var pairs: [(CBORValue, CBORValue)] = []
            for _ in 0..<g.below(6) {
                let key = randomValue(&g, depth: depth - 1)
                if seen.insert(key).inserted { pairs.append((key, randomValue(&g, depth: depth - 1))) }
            }
            return .map(pairs)
        default: return .set(of: (0..<g.below(8)).map { _ in UInt64(g.below(256)) })
        }
    }

    @Test func randomValuesRoundTrip() throws {
        var g = Generator(state: 1)
        for _ in 0..<3000 {
            let value = Self.randomValue(&g, depth: 4)
            let encoded = CBOREncoder.encode(value)
            let decoded = try CBORDecoder.decode(encoded)
            #expect(decoded == value, "\(value)")
            #expect(CBOREncoder.encode(decoded) == encoded, "encoding is a function of the value")
            let canonical = CBOREncoder.encodeCanonical(value)
            #expect(CBOREncoder.encodeCanonical(try CBORDecoder.decode(canonical)) == canonical, "canonical form is stable")
        }
    }

    /// 40,000 inputs: pure noise, damaged encodings of random values (bytes flipped,
    /// inserted, deleted, truncated, lengths inflated), and short noisy heads.
    @Test func hostileInputOnlyDecodesOrThrowsBadCBOR() throws {
        var g = Generator(state: 2)
        var decoded = 0, refused = 0
        for round in 0..<40_000 {
            var input: [UInt8]
            switch round % 4 {
            case 0: input = (0..<g.below(32)).map { _ in g.byte() }
            case 1, 2:
                input = CBOREncoder.encode(Self.randomValue(&g, depth: 3))
                for _ in 0...g.below(3) where !input.isEmpty {
                    let at = g.below(input.count)
                    switch g.below(5) {
                    case 0: input[at] = g.byte()
                    case 1: input.insert(g.byte(), at: at)
                    case 2: input.remove(at: at)
                    case 3: input.removeLast(g.below(input.count))
                    default: input[at] |= 0x1b // make a head's argument long (or reserved)
                    }
                }
            default:
                let heads: [UInt8] = [0x5b, 0x7b, 0x9b, 0xbb, 0xdb, 0x9f, 0xbf, 0x5f, 0x7f, 0xff, 0xf8, 0xfb, 0x1c, 0x3f]
                input = (0..<g.below(12)).map { _ in g.below(2) == 0 ? heads[g.below(heads.count)] : g.byte() }
            }
            switch CBORTest.decodeResult(input, limits: CBORDecoder.Limits(maximumDepth: 16, maximumItems: 500)) {
            case .decoded(let value):
                decoded += 1
                // Whatever decodes writes back in a form that decodes to the same value.
                #expect(try CBORDecoder.decode(CBOREncoder.encode(value)) == value, "\(Hex.encode(input))")
            case .refused(let why):
                refused += 1
                #expect(!why.isEmpty)
            }
        }
        #expect(decoded > 1000 && refused > 10_000, "both outcomes are exercised: \(decoded) decoded, \(refused) refused")
    }

    /// Every prefix of a valid encoding is refused as truncated; nothing past it is read.
    @Test func everyTruncationIsRefused() {
        var g = Generator(state: 3)
        for _ in 0..<300 {
            let encoded = CBOREncoder.encode(Self.randomValue(&g, depth: 3))
            for length in 0..<encoded.count {
                guard case .refused(let why) = CBORTest.decodeResult(Array(encoded[..<length])) else {
                    Issue.record("prefix \(length) of \(Hex.encode(encoded)) decoded")
                    continue
                }
                #expect(why.contains("truncated") || why.contains("declares"), "\(why)")
            }
        }
    }

    /// Big inputs stay linear: a 100,000-key map (duplicate detection hashes, it does not
    /// compare every pair), a 1 MiB byte string, and a duplicate found at the very end.
    @Test func bigInputsDecodeQuickly() throws {
        var map: [UInt8] = [0xba, 0x00, 0x01, 0x86, 0xa0]
        for key in 0..<100_000 { map += [0x1a, UInt8(key >> 24), UInt8(key >> 16 & 0xff), UInt8(key >> 8 & 0xff), UInt8(key & 0xff), 0xf6] }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try CBORDecoder.decode(map).mapValue?.count == 100_000)
        map.replaceSubrange(map.count - 5..<map.count - 1, with: [0, 0, 0, 0]) // last key := 0, the first key
        #expect(CBORTest.refusal(Hex.encode(map))?.contains("duplicate map key 0") == true)
        let blob = [UInt8](repeating: 0xab, count: 1 << 20)
        #expect(try CBORDecoder.decode([0x5a, 0x00, 0x10, 0x00, 0x00] + blob) == .bytes(blob))
        #expect(clock.now - started < .seconds(30), "took \(clock.now - started)")
    }
}
