import ErasureCode
import FerryCore

/// Test helper: runs the whole encode pipeline in memory, returning each share's bytes.
enum MemoryEncoder {
    static func encode(
        plaintext: [UInt8], key: [UInt8], parameters: EncodingParameters,
        codecKind: ErasureCodecKind = .isal, forceV2: Bool = false
    ) throws -> (cap: CHKReadCap, shares: [[UInt8]]) {
        let codec = try ErasureCodecs.make(k: parameters.needed, n: parameters.total, preferred: codecKind)
        var encoder = try CHKEncoder(fileSize: UInt64(plaintext.count), parameters: parameters, codec: codec, forceV2Layout: forceV2)
        var shares = [[UInt8]](repeating: encoder.layout.header, count: parameters.total)
        let cipher = try CTRCipher(key: key)
        for segment in 0..<encoder.geometry.segmentCount {
            let start = Int(encoder.geometry.segmentOffset(segment))
            let piece = Array(plaintext[start..<start + encoder.geometry.segmentLength(segment)])
            let ciphertext = cipher.apply(piece, atOffset: UInt64(start))
            try ciphertext.withUnsafeBytes { buffer in
                try encoder.encodeSegment(buffer) { share, offset, block in
                    precondition(Int(offset) == shares[share].count, "blocks arrive in order")
                    shares[share] += block
                }
            }
        }
        let result = try encoder.finish()
        for share in 0..<parameters.total {
            precondition(Int(result.tailOffset) == shares[share].count)
            shares[share] += result.tail(forShare: share)
        }
        return (result.readCap(key: key), shares)
    }

    /// Convergent key for `plaintext` with the fixtures' secret.
    static func convergentKey(_ plaintext: [UInt8], parameters: EncodingParameters, secret: ConvergenceSecret) throws -> [UInt8] {
        var hasher = try ConvergentKeyHasher(secret: secret, parameters: parameters, fileSize: UInt64(plaintext.count))
        hasher.update(plaintext)
        return hasher.finalize()
    }
}
