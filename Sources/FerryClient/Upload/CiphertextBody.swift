import FerryCore
import NIOCore
import Synchronization

/// The ciphertext of an ``UploadSource`` from one offset to the end, as the body of a
/// PATCH: each chunk is read, encrypted (AES-CTR seeks to any offset), handed to the
/// shared ``CiphertextHasher`` and counted, only when the request asks for it, so memory
/// stays at one chunk and a rate limit or a stall holds the reading back too.
struct CiphertextBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let source: UploadSource
    let cipher: CTRCipher
    let hasher: SharedHasher
    let range: Range<UInt64>
    let chunk: Int
    /// Called with the number of bytes handed to the request.
    let sent: @Sendable (Int) -> Void
    /// The rate limit (see ``Uploader/grant``).
    let grant: (@Sendable (Int) async throws -> Int)?

    struct AsyncIterator: AsyncIteratorProtocol {
        let body: CiphertextBody
        var offset: UInt64

        mutating func next() async throws -> ByteBuffer? {
            guard offset < body.range.upperBound else { return nil }
            try Task.checkCancellation()
            // A file changed under the upload fails it now, not after the whole push (a user
            // test: 133 MB of shares went out for a file appended to 4 s in). An fstat a piece.
            try body.source.checkUnchanged()
            var length = Int(Swift.min(UInt64(body.chunk), body.range.upperBound - offset))
            if let grant = body.grant { length = Swift.max(1, Swift.min(length, try await grant(length))) }
            var buffer = ByteBuffer()
            let (source, cipher, at) = (body.source, body.cipher, offset)
            try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
                let area = UnsafeMutableRawBufferPointer(rebasing: raw[0..<length])
                try source.read(into: area, at: at)
                cipher.apply(UnsafeRawBufferPointer(area), atOffset: at, into: area)
                return length
            }
            try buffer.withUnsafeReadableBytes { bytes in try body.hasher.feed(bytes, at: at) }
            offset += UInt64(length)
            body.sent(length)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: self, offset: range.lowerBound)
    }
}

/// A ``CiphertextHasher`` shared between the task that uploads and the request body.
final class SharedHasher: Sendable {
    private let state: Mutex<CiphertextHasher>

    init(geometry: FileGeometry) {
        state = Mutex(CiphertextHasher(geometry: geometry))
    }

    var position: UInt64 { state.withLock { $0.position } }

    func feed(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(CoreError) {
        try state.withLock { (hasher: inout CiphertextHasher) throws(CoreError) in try hasher.feed(bytes, at: offset) }
    }

    func finalize() throws(CoreError) -> (crypttextHash: [UInt8], crypttextRootHash: [UInt8]) {
        try state.withLock { (hasher: inout CiphertextHasher) throws(CoreError) in try hasher.finalize() }
    }
}
