import ErasureCode
import FerryTestSupport
import Testing

/// The Swift and ISA-L codecs must agree with each other on arbitrary inputs.
@Suite("Swift vs ISA-L")
struct CrossCodecTests {
    @Test("both codecs produce identical parity on random inputs")
    func parityAgrees() throws {
        var rng = SplitMix64(seed: 2024)
        let blockSizes = [1, 7, 8, 9, 31, 32, 33, 64, 255, 1000, 4097, 70_001]
        for round in 0..<48 {
            let n = round < 4 ? [256, 255, 200, 64][round] : Int.random(in: 1...40, using: &rng)
            let k = Int.random(in: 1...n, using: &rng)
            let blockSize = blockSizes[round % blockSizes.count] / (k > 64 ? 16 : 1) + 1
            let input = TestData.randomBytes(k * blockSize, using: &rng)
            let swift = try TestData.parity(SwiftCodec(k: k, n: n), input, blockSize: blockSize)
            let isal = try TestData.parity(ISALCodec(k: k, n: n), input, blockSize: blockSize)
            #expect(swift == isal, "k=\(k) n=\(n) L=\(blockSize)")
        }
    }

    @Test("encoding chosen share ids matches slices of the full encoding", arguments: ErasureCodecKind.allCases)
    func chosenShares(kind: ErasureCodecKind) throws {
        var rng = SplitMix64(seed: 11)
        let (k, n, blockSize) = (5, 16, 301)
        let codec = try TestData.codec(kind, k: k, n: n)
        let input = TestData.randomBytes(k * blockSize, using: &rng)
        let shares = try TestData.shares(codec, input, blockSize: blockSize)
        let blocks = Array(shares[..<k])
        for ids in [[15], [5, 6, 7], [12, 3, 12, 0, 9], Array((0..<n).reversed()), []] {
            #expect(try codec.encode(blocks: blocks, shareIDs: ids) == ids.map { shares[$0] }, "ids=\(ids)")
        }
        #expect(try codec.encode(blocks: blocks) == Array(shares[k...]))
    }

    @Test("the matrix is shared: both codecs expose zfec's")
    func sameMatrix() throws {
        for (k, n) in [(1, 1), (3, 10), (128, 256), (256, 256)] {
            #expect(try SwiftCodec(k: k, n: n).matrix == ISALCodec(k: k, n: n).matrix)
        }
    }

    @Test("GF256 multiply is carry-less multiplication modulo 0x11d")
    func fieldArithmetic() {
        func reference(_ a: UInt8, _ b: UInt8) -> UInt8 {
            var (x, y, product) = (Int(a), Int(b), 0)
            while y != 0 {
                if y & 1 != 0 { product ^= x }
                x <<= 1
                if x & 0x100 != 0 { x ^= 0x11d }
                y >>= 1
            }
            return UInt8(product)
        }
        var mismatches = 0
        for a in 0...255 {
            for b in 0...255 where GF256.multiply(UInt8(a), UInt8(b)) != reference(UInt8(a), UInt8(b)) {
                mismatches += 1
            }
            if a > 0, let inverse = GF256.inverse(UInt8(a)) {
                #expect(GF256.multiply(UInt8(a), inverse) == 1)
            }
        }
        #expect(mismatches == 0)
        #expect(GF256.inverse(0) == nil)
        #expect(Set((0..<255).map { GF256.power(ofGenerator: $0) }).count == 255)
    }
}
