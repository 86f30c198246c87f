import FerryCore
import FerryIO
import Glibc

/// Where decoded segments go: a resumable ``PartFile``, or standard output in order.
final class DownloadSink {
    private let part: PartFile?
    private let geometry: FileGeometry
    /// Segments written to standard output (in order; a retry must not write them again).
    private var streamed = Set<Int>()

    private init(part: PartFile?, geometry: FileGeometry) {
        self.part = part
        self.geometry = geometry
    }

    /// Opens the destination for a file of `shape`.
    static func open(_ destination: DownloadDestination, geometry shape: FileGeometry, identity: String) throws(TransferError) -> DownloadSink {
        switch destination {
        case .standardOutput:
            return DownloadSink(part: nil, geometry: shape)
        case .file(let path):
            do {
                return DownloadSink(part: try PartFile(destination: path, geometry: shape, identity: identity), geometry: shape)
            } catch {
                throw .file(code: "file.unwritable", message: error.message)
            }
        }
    }

    /// Segments already in: recorded by an earlier run, or written by this one.
    var done: Set<Int> { part?.written ?? streamed }
    var bytesDone: UInt64 { part?.bytesDone ?? streamed.reduce(0) { $0 + UInt64(geometry.segmentLength($1)) } }

    func write(_ plaintext: [UInt8], segment: Int) throws(TransferError) {
        var failure: TransferError?
        plaintext.withUnsafeBytes { bytes in
            do throws(TransferError) { try write(bytes, segment: segment) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    func write(_ plaintext: UnsafeRawBufferPointer, segment: Int) throws(TransferError) {
        do {
            if let part { try part.write(plaintext, segment: segment) } else { try Self.writeStandardOutput(plaintext) }
        } catch {
            throw .file(code: "file.unwritable", message: error.message)
        }
    }

    /// Decrypts a segment's checked ciphertext (`pieces`, its bytes in order) and writes the
    /// plaintext: into the part file's write buffers directly, or through a scratch
    /// buffer to standard output. Returns the segment's length.
    func write(decrypting pieces: [UnsafeRawBufferPointer], segment: Int, cipher: CTRCipher?) throws(TransferError) -> Int {
        let offset = geometry.segmentOffset(segment)
        let length = pieces.reduce(0) { $0 + $1.count }
        guard let part else {
            var plaintext = [UInt8](repeating: 0, count: length)
            plaintext.withUnsafeMutableBytes { Self.decrypt(pieces, cipher: cipher, segmentOffset: offset, from: 0, into: $0) }
            try write(plaintext, segment: segment)
            return length
        }
        do {
            try part.write(count: length, segment: segment) { area, position in
                Self.decrypt(pieces, cipher: cipher, segmentOffset: offset, from: position, into: area)
            }
        } catch {
            throw .file(code: "file.unwritable", message: error.message)
        }
        return length
    }

    /// Decrypts the segment's bytes from `position` on, as many as `area` holds, out of the
    /// pieces they lie in.
    private static func decrypt(_ pieces: [UnsafeRawBufferPointer], cipher: CTRCipher?, segmentOffset: UInt64, from position: Int,
                                into area: UnsafeMutableRawBufferPointer) {
        var skip = position
        var filled = 0
        for piece in pieces where filled < area.count {
            guard skip < piece.count else {
                skip -= piece.count
                continue
            }
            let count = min(piece.count - skip, area.count - filled)
            let source = UnsafeRawBufferPointer(rebasing: piece[skip..<skip + count])
            let target = UnsafeMutableRawBufferPointer(rebasing: area[filled..<filled + count])
            if let cipher { cipher.apply(source, atOffset: segmentOffset + UInt64(position + filled), into: target) } else { target.copyMemory(from: source) }
            filled += count
            skip = 0
        }
    }

    func commit(_ segments: [Int]) throws(TransferError) {
        guard let part else { return streamed.formUnion(segments) }
        do { try part.commit(segments) } catch { throw .file(code: "file.unwritable", message: error.message) }
    }

    /// Makes every segment written so far durable now (the download is stopping).
    func flush() throws(TransferError) {
        do { try part?.commit([], force: true) } catch { throw .file(code: "file.unwritable", message: error.message) }
    }

    func read(segment: Int) throws(TransferError) -> [UInt8] {
        guard let part else { throw .file(code: "file.io", message: "standard output cannot be read back") }
        do { return try part.read(segment: segment) } catch { throw .file(error) }
    }

    func finish() throws(TransferError) {
        do { try part?.finish() } catch { throw .file(code: "file.unwritable", message: error.message) }
    }

    private static func writeStandardOutput(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        var done = 0
        while done < bytes.count {
            let count = Glibc.write(1, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError("write", path: "standard output")
            }
            done += count
        }
    }
}
