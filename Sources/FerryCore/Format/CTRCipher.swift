import Crypto
import CryptoExtras
import Foundation

/// AES-128 in CTR mode with Tahoe's all-zero initial counter block, able to start at any
/// byte offset (the counter block for offset `o` is `o / 16`, big-endian), so a resumed
/// upload encrypts exactly the bytes it still has to send.
public struct CTRCipher: Sendable {
    private let key: SymmetricKey

    /// A cipher for a 16-byte key.
    public init(key: [UInt8]) throws(CoreError) {
        guard key.count == 16 else { throw .badCap(field: "key", reason: "AES key must be 16 bytes, got \(key.count)") }
        self.key = SymmetricKey(data: key)
    }

    /// Encrypts (or decrypts: CTR is symmetric) `input`, which sits at byte `offset` of the file.
    public func apply(_ input: [UInt8], atOffset offset: UInt64) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: input.count)
        input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { apply(source, atOffset: offset, into: $0) }
        }
        return output
    }

    /// Encrypts (or decrypts) `bytes` where they lie, as at file offset `offset`.
    public func applyInPlace(_ bytes: inout [UInt8], atOffset offset: UInt64) {
        bytes.withUnsafeMutableBytes { apply(UnsafeRawBufferPointer($0), atOffset: offset, into: $0) }
    }

    /// Encrypts `input` at file offset `offset` into `output` (same length; may be the same memory).
    public func apply(_ input: UnsafeRawBufferPointer, atOffset offset: UInt64, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= input.count)
        var done = 0
        let skip = Int(offset % 16)
        if skip != 0, !input.isEmpty {
            let stream = keystreamBlock(counter: offset / 16)
            let count = min(16 - skip, input.count)
            for index in 0..<count { output[index] = input[index] ^ stream[skip + index] }
            done = count
        }
        // Chunks small enough that each temporary buffer comes from the heap's free list:
        // 1 MiB temporaries are mmapped and page-faulted afresh on every call (10× slower).
        while done < input.count {
            let end = min(input.count, done + Self.chunk)
            let piece = UnsafeRawBufferPointer(rebasing: input[done..<end])
            let encrypted = try! AES._CTR.encrypt(piece, using: key, nonce: Self.nonce(counter: (offset + UInt64(done)) / 16))
            encrypted.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: output[done..<end]).copyMemory(from: $0) }
            done = end
        }
    }

    private static let chunk = 64 * 1024

    private func keystreamBlock(counter: UInt64) -> [UInt8] {
        let zeros = [UInt8](repeating: 0, count: 16)
        return Array(try! AES._CTR.encrypt(zeros, using: key, nonce: Self.nonce(counter: counter)))
    }

    private static func nonce(counter: UInt64) -> AES._CTR.Nonce {
        var block = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 { block[15 - index] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(index))) }
        return try! AES._CTR.Nonce(nonceBytes: block)
    }
}
