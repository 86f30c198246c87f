import ErasureCode
import FerryCore
import Testing

/// Random damage to shares and metadata must give a typed error or a correct file —
/// never a crash, never wrong bytes.
@Suite struct RobustnessTests {
    static let parameters = EncodingParameters(needed: 2, happy: 3, total: 4, maxSegmentSize: 1000)
    static let plaintext = (0..<7000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    static let encoded = try! MemoryEncoder.encode(plaintext: plaintext, key: Array(repeating: 9, count: 16), parameters: parameters)

    /// A small deterministic generator so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    func outcome(_ damaged: [UInt8]) -> Result<[UInt8], CoreError> {
        let sources = [InMemoryShare(shareNumber: 0, bytes: damaged), InMemoryShare(shareNumber: 1, bytes: Self.encoded.shares[1])]
        var output: [UInt8] = []
        do {
            _ = try CHKDecoder(cap: Self.encoded.cap).decode(sources: sources, codec: try ErasureCodecs.make(k: 2, n: 4)) { _, bytes in
                output += bytes
            }
            return .success(output)
        } catch let error as CoreError {
            return .failure(error)
        } catch {
            Issue.record("untyped error \(error)")
            return .failure(.integrity("untyped"))
        }
    }

    @Test func randomByteDamage() {
        var random = Generator(state: 1)
        let original = Self.encoded.shares[0]
        for _ in 0..<300 {
            var damaged = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if case .success(let output) = outcome(damaged) { #expect(output == Self.plaintext) }
        }
    }

    @Test func truncationAndGarbage() {
        var random = Generator(state: 2)
        let original = Self.encoded.shares[0]
        for length in stride(from: 0, to: original.count, by: 97) {
            if case .success = outcome(Array(original.prefix(length))) { Issue.record("truncated to \(length) still decoded") }
        }
        for _ in 0..<50 {
            let garbage = (0..<Int.random(in: 0..<3000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if case .success = outcome(garbage) { Issue.record("garbage decoded") }
        }
        var huge = original
        for index in 4..<0x24 { huge[index] = 0xff }
        if case .success = outcome(huge) { Issue.record("absurd offsets decoded") }
        // v2 offsets are 8 bytes: near 2^64 they would overflow any offset arithmetic.
        let v2 = try! MemoryEncoder.encode(plaintext: Self.plaintext, key: Array(repeating: 9, count: 16),
                                           parameters: Self.parameters, forceV2: true).shares[0]
        for field in 0..<8 {
            var absurd = v2
            for index in (4 + 8 * field)..<0x44 { absurd[index] = 0xff }
            if case .success = outcome(absurd) { Issue.record("absurd v2 offsets decoded (from field \(field))") }
        }
    }

    @Test func damagedURIExtensionsParseOrFailCleanly() throws {
        var random = Generator(state: 3)
        let layout = try ShareLayout(parsing: Self.encoded.shares[0], shareNumber: 0)
        let start = Int(layout.uriExtensionOffset) + layout.lengthFieldSize
        let block = Array(Self.encoded.shares[0][start...])
        #expect(try URIExtension(parsing: block).serialized() == block)
        for _ in 0..<500 {
            var damaged = block
            damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            if Bool.random(using: &random) { damaged.removeLast(Int.random(in: 0..<damaged.count, using: &random)) }
            _ = try? URIExtension(parsing: damaged)
        }
    }
}
