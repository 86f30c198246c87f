import Crypto
import ErasureCode
import FerryTestSupport

/// Input generation and small helpers shared by the erasure-code tests.
enum TestData {
    /// SHA-256(utf8(seed) || uint64be(i)) for i = 0, 1, ... concatenated, first `count` bytes.
    static func counterStream(seed: String, count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count + 32)
        var counter: UInt64 = 0
        while out.count < count {
            var hasher = SHA256()
            hasher.update(data: Array(seed.utf8))
            hasher.update(data: withUnsafeBytes(of: counter.bigEndian) { Array($0) })
            out.append(contentsOf: hasher.finalize())
            counter += 1
        }
        return Array(out.prefix(count))
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String { hex(Array(SHA256.hash(data: bytes))) }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    /// `count` pseudo-random bytes from `generator`.
    static func randomBytes(_ count: Int, using generator: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Full parity for `input` via the pointer API.
    static func parity(_ codec: any ErasureCodec, _ input: [UInt8], blockSize: Int) throws -> [UInt8] {
        var parity = [UInt8](repeating: 0xAA, count: (codec.n - codec.k) * blockSize)
        try input.withUnsafeBytes { input in
            try parity.withUnsafeMutableBytes { parity in
                try codec.encode(input: input, parity: parity, blockSize: blockSize)
            }
        }
        return parity
    }

    /// All n shares (primary then parity) as separate blocks.
    static func shares(_ codec: any ErasureCodec, _ input: [UInt8], blockSize: Int) throws -> [[UInt8]] {
        let all = input + (try parity(codec, input, blockSize: blockSize))
        return (0..<codec.n).map { Array(all[$0 * blockSize..<($0 + 1) * blockSize]) }
    }

    /// Decodes via the pointer API from the given shares, in the given order.
    static func decode(_ codec: any ErasureCodec, shares: [[UInt8]], ids: [Int], blockSize: Int) throws -> [UInt8] {
        let joined = Array(ids.map { shares[$0] }.joined())
        var output = [UInt8](repeating: 0x55, count: codec.k * blockSize)
        try joined.withUnsafeBytes { joined in
            let blocks = ids.indices.map {
                UnsafeRawBufferPointer(rebasing: joined[$0 * blockSize..<($0 + 1) * blockSize])
            }
            try output.withUnsafeMutableBytes { output in
                try codec.decode(shareIDs: ids, blocks: blocks, output: output, blockSize: blockSize)
            }
        }
        return output
    }

    static func codec(_ kind: ErasureCodecKind, k: Int, n: Int) throws -> any ErasureCodec {
        try ErasureCodecs.make(kind, k: k, n: n)
    }
}
