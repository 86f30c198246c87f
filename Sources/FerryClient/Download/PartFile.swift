import Dispatch
import FerryCore
import FerryIO

/// The destination of a download while it runs: `DEST.part` holds the plaintext written
/// so far, `DEST.part.ferry` which segments are in (fsynced after the data), so a
/// download resumes at the first missing segment after a cut, a crash or a reboot. The
/// finished file is synced and renamed into place; the sidecar goes.
///
/// Segments are written behind the download, on a thread of their own and around the page
/// cache (``WriteBehind``), and made durable in batches (``commitBytes`` or
/// ``commitInterval``, whichever comes first, and whenever the download stops): a sync and a
/// record rewrite per 3 MiB window cost three fsyncs each. A batch's sync and record run on
/// that thread after its writes, while the download goes on (on the decoding thread they
/// stalled it for a second per GiB); the record is written only after its data is synced.
/// A failed write or sync forgets every segment not yet recorded (they are fetched again).
/// A crash loses at most two batches; a cut loses nothing, since the process still knows
/// what it wrote.
final class PartFile {
    let destination: String
    private let file: PosixFile
    private let geometry: FileGeometry
    private let identity: String
    /// Whether the finished file may take the place of one at the destination: only if one
    /// was there when the download began (`get --force`; `get` refuses an existing path
    /// otherwise). One that appeared since is kept, and the download fails `file.exists`.
    let mayReplace: Bool
    private let clock: @Sendable () -> Double
    /// Segments recorded durably.
    private(set) var done: Set<Int>
    /// Segments written in this run and not yet synced and recorded.
    private var unsynced: Set<Int> = []
    private var unsyncedBytes = 0
    private var lastCommit: Double
    /// The batch being synced on the writer's thread, and how that ended (nil while it runs).
    private var syncing: Set<Int> = []
    private let syncEnded = SyncOutcome()
    private let writer: WriteBehind

    /// Each of the two buffers segments gather in on their way to the disk (together they
    /// are part of the client's resident size).
    static let writeBufferBytes = 256 << 10
    /// Bytes written before a commit is due.
    static let commitBytes = 16 << 20
    /// Seconds after which a commit is due however little was written.
    static let commitInterval = 1.0

    var partPath: String { PartFileNames.part(of: destination) }
    var recordPath: String { PartFileNames.record(of: destination) }

    /// Opens (or starts) the part file for a file of `geometry` named by `identity` (its
    /// storage index); an earlier part of another file is started over.
    init(destination: String, geometry: FileGeometry, identity: String,
         clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) throws(FileError) {
        self.destination = destination
        self.geometry = geometry
        self.identity = identity
        self.clock = clock
        lastCommit = clock()
        let record = (try? PosixFile.openForReading(PartFileNames.record(of: destination)).readAll()).map { String(decoding: $0, as: UTF8.self) }
        let lines = record?.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) ?? []
        if lines.count >= 4, lines[0] == identity, lines[1] == String(geometry.fileSize), Directory.fileExists(PartFileNames.part(of: destination)) {
            file = try PosixFile.openForUpdate(PartFileNames.part(of: destination))
            // Segments past the part's end are not there (a part file cut short by hand or a
            // full disk was said to hold them, and its download failed its check at the end).
            let size = try file.size()
            done = Self.parseRuns(lines[2]).filter {
                $0 >= 0 && $0 < geometry.segmentCount && geometry.segmentOffset($0) + UInt64(geometry.segmentLength($0)) <= size
            }
            // A record of an earlier Ferry (three lines) replaced as before.
            mayReplace = lines.count < 5 || lines[3] != "keep"
        } else {
            done = []
            // Another file's part (an earlier get of another cap to this path) is started
            // over, and said (it went without a word: a user test).
            replacedOther = lines.count >= 2 && Directory.fileExists(PartFileNames.part(of: destination))
            mayReplace = PathKind(of: destination, following: false) != .absent
            // The record first, with no segment in it: a part file without one is not Ferry's
            // (see ``DownloadSink``), one killed before its first commit must still be known
            // as ours, and a record left behind (a kill between the finished file's rename and
            // the record's removal) is replaced before a new part is made, so it can never
            // vouch for an empty part.
            try Directory.writeAtomically(Array(Self.record(identity, geometry, runs: "", mayReplace: mayReplace).utf8), to: PartFileNames.record(of: destination))
            file = try PosixFile.create(PartFileNames.part(of: destination))
        }
        writer = WriteBehind(file, label: "ferry.part-file", bufferBytes: Self.writeBufferBytes)
    }

    /// Whether the part file found there was another file's, now started over.
    private(set) var replacedOther = false

    /// Bytes of the file already in.
    var bytesDone: UInt64 { done.reduce(0) { $0 + UInt64(geometry.segmentLength($1)) } }

    /// Segments in the file, recorded or written in this run.
    var written: Set<Int> { done.union(syncing).union(unsynced) }

    func write(_ plaintext: UnsafeRawBufferPointer, segment: Int) throws(FileError) {
        do { try writer.write(plaintext, at: geometry.segmentOffset(segment)) } catch { throw forgetUnrecorded(error) }
    }

    /// Writes `segment`'s `count` bytes, which `fill` puts in place (see
    /// ``WriteBehind/write(count:at:fill:)``).
    func write(count: Int, segment: Int, fill: (UnsafeMutableRawBufferPointer, Int) -> Void) throws(FileError) {
        do { try writer.write(count: count, at: geometry.segmentOffset(segment), fill: fill) } catch { throw forgetUnrecorded(error) }
    }

    /// Notes `segments` as written; once a commit is due, starts making every segment
    /// written so far durable (fdatasync, then the record's atomic rewrite) in the
    /// background, unless the previous batch is still at it. With `force`, waits for that
    /// and commits everything before returning. A failed background commit is thrown here.
    func commit(_ segments: [Int], force: Bool = false) throws(FileError) {
        unsynced.formUnion(segments)
        unsyncedBytes += segments.reduce(0) { $0 + geometry.segmentLength($1) }
        let now = clock()
        if force { try waitForSync() } else { try collectSync() }
        guard !unsynced.isEmpty, syncing.isEmpty, force || unsyncedBytes >= Self.commitBytes || now - lastCommit >= Self.commitInterval else { return }
        (syncing, unsynced, unsyncedBytes, lastCommit) = (unsynced, [], 0, now)
        let (file, recordPath, ended) = (UncheckedFile(file), recordPath, syncEnded)
        let text = Self.record(identity, geometry, runs: Self.runs(done.union(syncing)), mayReplace: mayReplace)
        writer.flush { failedWrite in
            let result = Result { () throws(FileError) in
                if let failedWrite { throw failedWrite }
                try file.file.dataSync()
                try Directory.writeAtomically(Array(text.utf8), to: recordPath)
            }
            ended.set(result)
        }
        if force { try waitForSync() }
    }

    /// Waits for the batch being synced, if any; records it as done or throws its error.
    func waitForSync() throws(FileError) {
        guard !syncing.isEmpty else { return }
        do { try writer.wait() } catch { throw forgetUnrecorded(error) }
        try collectSync()
    }

    /// Takes in the background batch's outcome if it has ended.
    private func collectSync() throws(FileError) {
        guard !syncing.isEmpty, let result = syncEnded.take() else { return }
        let batch = syncing
        syncing = []
        switch result {
        case .success: done.formUnion(batch)
        case .failure(let error): throw forgetUnrecorded(error)  // not durable, or not even written
        }
    }

    /// After a failed write or sync: every segment not recorded counts as missing again.
    private func forgetUnrecorded(_ error: FileError) -> FileError {
        (unsynced, unsyncedBytes) = ([], 0)
        return error
    }

    /// Reads a written segment back (to hash what an earlier run wrote).
    func read(segment: Int) throws(FileError) -> [UInt8] {
        do { try writer.wait() } catch { throw forgetUnrecorded(error) }
        return try file.read(count: geometry.segmentLength(segment), at: geometry.segmentOffset(segment))
    }

    /// Syncs, renames `.part` into place, drops the record.
    func finish() throws(FileError) {
        try waitForSync()  // its record must not appear after the file is in place, nor a failed write go unseen
        (unsynced, unsyncedBytes, syncing) = ([], 0, [])  // the whole file is synced below; the record goes
        try writer.wait()
        writer.close()
        try file.truncate(to: geometry.fileSize)
        try file.sync()
        try file.close()
        if mayReplace { try Directory.rename(partPath, to: destination) } else { try Directory.renameKeeping(partPath, to: destination) }
        try Directory.sync(Directory.parent(of: destination))
        try? Directory.remove(recordPath)
    }

    /// The record's text: the file's identity and size, the segments in, and whether the
    /// destination may be replaced (`replace` or `keep`).
    static func record(_ identity: String, _ geometry: FileGeometry, runs: String, mayReplace: Bool) -> String {
        "\(identity)\n\(geometry.fileSize)\n\(runs)\n\(mayReplace ? "replace" : "keep")\n"
    }

    /// Segment numbers as runs ("0-95,97,100-130"): a record stays a line long however
    /// big the file.
    static func runs(_ segments: Set<Int>) -> String {
        var runs: [ClosedRange<Int>] = []
        for segment in segments.sorted() {
            if let last = runs.last, last.upperBound + 1 == segment {
                runs[runs.count - 1] = last.lowerBound...segment
            } else {
                runs.append(segment...segment)
            }
        }
        return runs.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }

    /// The segments of a ``runs(_:)`` text; malformed runs are ignored (fetched again).
    static func parseRuns(_ text: String) -> Set<Int> {
        var segments = Set<Int>()
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            if bounds.count == 1, let only = bounds[0] { segments.insert(only) }
            if bounds.count == 2, let first = bounds[0], let last = bounds[1], first <= last, last - first < 1 << 24 {
                segments.formUnion(first...last)
            }
        }
        return segments
    }
}
