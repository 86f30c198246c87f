import FerryIO
import ErasureCode
import FerryCore

/// Encodes a local file into share files: the I/O shell around ``CHKEncoder``.
/// Pass 1 (convergent mode only) hashes the plaintext for the key; pass 2 reads,
/// encrypts and encodes segment by segment, so memory stays at a few segments.
struct LocalFileEncoder {
    enum KeyMode {
        case convergent(ConvergenceSecret)
        case random
    }

    let parameters: EncodingParameters
    let keyMode: KeyMode
    let codecPreference: ErasureCodecKind?
    let forceV2Layout: Bool
    let durable: Bool

    /// Encodes `path` into `root/<storage index>/`; returns the cap (a LIT cap writes no shares).
    func encode(path: String, into root: String) throws -> Cap {
        let input = try PosixFile.openForReading(path)
        let size = try input.size()
        if LiteralCap.holds(size: size) {
            var bytes = [UInt8](repeating: 0, count: Int(size))
            let count = try bytes.withUnsafeMutableBytes { buffer in try input.read(into: buffer, at: 0) }
            guard count == Int(size) else { throw CoreError.sizeMismatch(expected: size, actual: UInt64(count)) }
            return .literal(LiteralCap(data: bytes))
        }
        let key = try makeKey(input: input, size: size)
        let directory = root + "/" + StorageIndex(key: key).base32
        let codec = try ErasureCodecs.make(k: parameters.needed, n: parameters.total, preferred: codecPreference)
        var encoder = try CHKEncoder(fileSize: size, parameters: parameters, codec: codec, forceV2Layout: forceV2Layout)
        let writer = try ShareFileWriter(directory: directory, count: parameters.total, durable: durable)
        let header = encoder.layout.header
        for share in 0..<parameters.total { try writer.write(share: share, at: 0, header) }
        let cipher = try CTRCipher(key: key)
        let background = BackgroundWriter(depth: 2 * parameters.total)
        var buffer = [UInt8](repeating: 0, count: encoder.geometry.segmentSize)
        for segment in 0..<encoder.geometry.segmentCount {
            let offset = encoder.geometry.segmentOffset(segment)
            let length = encoder.geometry.segmentLength(segment)
            try buffer.withUnsafeMutableBytes { raw in
                let area = UnsafeMutableRawBufferPointer(rebasing: raw[0..<length])
                guard try input.read(into: area, at: offset) == length else {
                    throw CoreError.sizeMismatch(expected: size, actual: offset)
                }
                cipher.apply(UnsafeRawBufferPointer(area), atOffset: offset, into: area)
                try encoder.encodeSegment(UnsafeRawBufferPointer(area)) { share, at, block in
                    let bytes = Array(block)
                    try background.submit { try writer.write(share: share, at: at, bytes) }
                }
            }
        }
        try background.drain()
        let result = try encoder.finish()
        for share in 0..<parameters.total {
            try writer.write(share: share, at: result.tailOffset, result.tail(forShare: share))
        }
        try writer.commit()
        return .chk(result.readCap(key: key))
    }

    private func makeKey(input: PosixFile, size: UInt64) throws -> [UInt8] {
        switch keyMode {
        case .random:
            var generator = SystemRandomNumberGenerator()
            return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        case .convergent(let secret):
            var hasher = try ConvergentKeyHasher(secret: secret, parameters: parameters, fileSize: size)
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            var offset: UInt64 = 0
            while offset < size {
                let count = try chunk.withUnsafeMutableBytes { buffer in try input.read(into: buffer, at: offset) }
                guard count > 0 else { throw CoreError.sizeMismatch(expected: size, actual: offset) }
                chunk.withUnsafeBytes { hasher.update(buffer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                offset += UInt64(count)
            }
            return hasher.finalize()
        }
    }
}
