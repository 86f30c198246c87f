import FerryCore
import FerryIO
import Glibc

/// Where decoded segments go: a resumable ``PartFile``, or a stream (standard output, a
/// device, a pipe) in order.
final class DownloadSink {
    private let part: PartFile?
    private let geometry: FileGeometry
    /// The stream's descriptor and name when there is no part file.
    private let stream: (descriptor: Int32, name: String, owned: Bool)
    /// Segments written to the stream (in order; a retry must not write them again).
    private var streamed = Set<Int>()

    private init(part: PartFile?, geometry: FileGeometry, stream: (descriptor: Int32, name: String, owned: Bool) = (1, "standard output", false)) {
        self.part = part
        self.geometry = geometry
        self.stream = stream
    }

    deinit {
        if stream.owned { close(stream.descriptor) }
    }

    /// Opens the destination for a file of `shape`.
    static func open(_ destination: DownloadDestination, geometry shape: FileGeometry, identity: String) throws(TransferError) -> DownloadSink {
        switch destination {
        case .standardOutput:
            return DownloadSink(part: nil, geometry: shape)
        case .stream(let path):
            let descriptor = Glibc.open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .file(code: "file.unwritable", message: FileError("open", path: path).message) }
            return DownloadSink(part: nil, geometry: shape, stream: (descriptor, path, true))
        case .file(let path):
            try refuseToReplace(path)
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
            if let part { try part.write(plaintext, segment: segment) } else { try writeStream(plaintext) }
        } catch {
            throw .file(code: "file.unwritable", message: error.message)
        }
    }

    /// Decrypts a segment's checked ciphertext (`pieces`, its bytes in order) and writes the
    /// plaintext: into the part file's write buffers directly, or through a scratch
    /// buffer to the stream. Returns the segment's length.
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
        guard let part else { throw .file(code: "file.io", message: "\(stream.name) cannot be read back") }
        do { return try part.read(segment: segment) } catch { throw .file(error) }
    }

    func finish() throws(TransferError) {
        do { try part?.finish() } catch { throw .file(code: "file.unwritable", message: error.message) }
    }

    /// A download is renamed into place over what was there: never over a device, a pipe or
    /// a socket (`/dev/null` would become a regular file for everybody). Those are written
    /// as streams (``DownloadDestination/stream(_:)``) by whoever chose them.
    private static func refuseToReplace(_ path: String) throws(TransferError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let kind = info.st_mode & S_IFMT
        guard kind != S_IFREG, kind != S_IFLNK else { return }
        throw .file(code: "file.not_regular", message: "\(path) exists and is not a regular file (a device, pipe or socket); a download never replaces one")
    }

    private func writeStream(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        var done = 0
        while done < bytes.count {
            let count = Glibc.write(stream.descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError("write", path: stream.name)
            }
            done += count
        }
    }
}
