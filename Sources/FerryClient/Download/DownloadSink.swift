import FerryCore
import FerryIO
import Glibc

/// Where decoded segments go: a resumable ``PartFile``, or a stream (standard output, a
/// device, a pipe) in order.
final class DownloadSink {
    private let part: PartFile?
    private let geometry: FileGeometry
    /// The stream, written on a thread of its own, when there is no part file.
    private let lane: StreamLane?
    /// Segments written to the stream (in order; a retry must not write them again).
    private var streamed = Set<Int>()

    private init(part: PartFile?, geometry: FileGeometry, lane: StreamLane? = nil) {
        self.part = part
        self.geometry = geometry
        self.lane = lane
    }

    deinit {
        lane?.abandon()  // after finish(), nothing is left to drop
    }

    /// Bytes a stream may hold waiting for its reader: two segments, so the next one is
    /// decoded while the last is written.
    private static func streamLimit(_ shape: FileGeometry) -> Int { 2 * max(shape.segmentSize, 1) }

    /// Opens the destination for a file of `shape`. A stream tells `events` what its reader
    /// has taken (``DownloadEvent/wrote(_:)``) and when it waits for its reader; a part file
    /// leaves writes to the caller (``reportsWrites``).
    static func open(_ destination: DownloadDestination, geometry shape: FileGeometry, identity: String,
                     events: @escaping @Sendable (DownloadEvent) -> Void) throws(TransferError) -> DownloadSink {
        switch destination {
        case .standardOutput:
            return DownloadSink(part: nil, geometry: shape, lane: .standardOutput(limit: streamLimit(shape), events: events))
        case .stream(let path):
            // Opened on the lane's thread: a pipe's open waits for a reader.
            return DownloadSink(part: nil, geometry: shape, lane: .opening(path, limit: streamLimit(shape), events: events))
        case .file(let path):
            try refuseToReplace(path)
            try refuseForeignPart(path)
            do {
                return DownloadSink(part: try PartFile(destination: path, geometry: shape, identity: identity), geometry: shape)
            } catch {
                throw .unwritable(error)
            }
        }
    }

    /// Whether the part file found there was another download's, started over.
    var replacedOther: Bool { part?.replacedOther ?? false }

    /// Whether the sink says itself what was written (a stream, as its reader takes it).
    var reportsWrites: Bool { lane != nil }

    /// Segments already in: recorded by an earlier run, or written by this one.
    var done: Set<Int> { part?.written ?? streamed }
    var bytesDone: UInt64 { part?.bytesDone ?? streamed.reduce(0) { $0 + UInt64(geometry.segmentLength($1)) } }

    func write(_ plaintext: [UInt8], segment: Int) throws(TransferError) {
        guard let part else { return try lane?.send(plaintext) ?? () }
        do throws(FileError) {
            try plaintext.withUnsafeBytes { bytes in Result { () throws(FileError) in try part.write(bytes, segment: segment) } }.get()
        } catch {
            throw .unwritable(error)
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
            throw .unwritable(error)
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
        do { try part.commit(segments) } catch { throw .unwritable(error) }
    }

    /// Returns once a stream's reader has taken enough that more may be handed over (at
    /// once for a part file); cancellation ends the wait.
    func room() async throws(TransferError) {
        try await lane?.room()
    }

    /// Makes every segment written so far durable now (the download is stopping).
    func flush() throws(TransferError) {
        do { try part?.commit([], force: true) } catch { throw .unwritable(error) }
    }

    func read(segment: Int) throws(TransferError) -> [UInt8] {
        guard let part else { throw .file(code: "file.io", message: "\(lane?.name ?? "the stream") cannot be read back") }
        do { return try part.read(segment: segment) } catch { throw .file(error) }
    }

    /// Renames a verified part file into place, or waits until the stream's reader has
    /// taken every byte.
    func finish() async throws(TransferError) {
        if let lane { return try await lane.finish() }
        do {
            try part?.finish()
        } catch where error.errno == EEXIST && error.operation == "link" {
            let part = PartFileNames.part(of: error.path)
            throw .file(code: "file.exists", message: "\(error.path) appeared while it was being downloaded and is kept; the download is whole in \(part): "
                        + "move the other file away, then `ferry resume` renames it into place")
        } catch {
            throw .unwritable(error)
        }
    }

    /// A `DEST.part` with no `DEST.part.ferry` beside it is not Ferry's (every part file gets
    /// its record first): someone's own file, which a download took over and truncated.
    private static func refuseForeignPart(_ path: String) throws(TransferError) {
        let (part, record) = (PartFileNames.part(of: path), PartFileNames.record(of: path))
        guard PathKind(of: part, following: false) != .absent, PathKind(of: record, following: false) == .absent else { return }
        throw .file(code: "file.exists", message: "\(part) exists and is not a Ferry part file (no \(record) beside it); "
                    + "a download keeps its partial file there: move that file away, or choose another PATH")
    }

    /// A download is renamed into place over what was there: never over a device, a pipe or
    /// a socket (`/dev/null` would become a regular file for everybody). Those are written
    /// as streams (``DownloadDestination/stream(_:)``) by whoever chose them.
    private static func refuseToReplace(_ path: String) throws(TransferError) {
        guard !PathKind(of: path, following: false).replaceable else { return }
        throw .file(code: "file.not_regular", message: "\(path) exists and is not a regular file (a device, pipe or socket); a download never replaces one")
    }
}
