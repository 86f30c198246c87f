import Benchmark
import Crypto
import CryptoExtras
import ErasureCode
import FerryCore

/// Throughput of the format's hot paths, one 1 MiB segment (or block set) per iteration.
/// MB/s = throughput (ops/s) × bytes per op; Benchmarks/run.sh does the arithmetic.
let benchmarks: @Sendable () -> Void = {
    let segment = 1 << 20
    let input = (0..<segment + 64).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
    let config = Benchmark.Configuration(metrics: [.throughput, .wallClock, .peakMemoryResident], maxDuration: .seconds(3))

    for (k, n) in [(3, 10), (25, 100)] {
        for kind in [ErasureCodecKind.isal, .swift] {
            Benchmark("encode \(kind.rawValue) k\(k)n\(n) [1 MiB]", configuration: config) { benchmark in
                let codec = try ErasureCodecs.make(kind, k: k, n: n)
                let block = segment / k
                var parity = [UInt8](repeating: 0, count: (n - k) * block)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    try input.withUnsafeBytes { data in
                        try parity.withUnsafeMutableBytes { out in
                            try codec.encode(input: UnsafeRawBufferPointer(rebasing: data[0..<k * block]), parity: out, blockSize: block)
                        }
                    }
                }
                blackHole(parity)
            }
        }
    }

    Benchmark("sha256 raw [1 MiB]", configuration: config) { benchmark in
        let data = Array(input[0..<segment])
        for _ in benchmark.scaledIterations { blackHole(SHA256.hash(data: data)) }
    }
    Benchmark("sha256d tagged [1 MiB]", configuration: config) { benchmark in
        let data = Array(input[0..<segment])
        for _ in benchmark.scaledIterations { blackHole(Hashes.block(data)) }
    }
    let key = SymmetricKey(data: [UInt8](repeating: 7, count: 16))
    Benchmark("aes-ctr raw [1 MiB]", configuration: config) { benchmark in
        let nonce = try AES._CTR.Nonce(nonceBytes: [UInt8](repeating: 0, count: 16))
        let data = Array(input[0..<segment])
        for _ in benchmark.scaledIterations { blackHole(try AES._CTR.encrypt(data, using: key, nonce: nonce)) }
    }
    Benchmark("aes-ctr CTRCipher [1 MiB]", configuration: config) { benchmark in
        let cipher = try CTRCipher(key: [UInt8](repeating: 7, count: 16))
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: segment, alignment: 64)
        defer { output.deallocate() }
        let data = Array(input[0..<segment])
        data.withUnsafeBytes { source in
            for iteration in benchmark.scaledIterations {
                cipher.apply(source, atOffset: UInt64(iteration * segment + 3), into: output)
            }
        }
        blackHole(output.first)
    }
    Benchmark("CHKEncoder k3n10, 16 segments (hash+encode+trees) [16 MiB]", configuration: config) { benchmark in
        let codec = try ErasureCodecs.make(k: 3, n: 10)
        let segments = 16
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var encoder = try CHKEncoder(fileSize: UInt64(segments * segment), parameters: .default, codec: codec)
            for index in 0..<segments {
                let length = encoder.geometry.segmentLength(index)
                try input.withUnsafeBytes { raw in
                    try encoder.encodeSegment(UnsafeRawBufferPointer(rebasing: raw[0..<length])) { _, _, block in blackHole(block.count) }
                }
            }
            blackHole(try encoder.finish().uriExtensionHash)
        }
    }
}
