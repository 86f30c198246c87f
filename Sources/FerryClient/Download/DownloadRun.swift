import ErasureCode
import FerryCore
import FerryIO
import FerryStorage
import Glibc

/// One download of a CHK file, across retries: what is known about the share holders, the
/// opened shares and the decoder survive a failed attempt only until the next attempt
/// locates the holders again; the part file (segments written) survives everything.
final class DownloadRun: @unchecked Sendable {
    let downloader: Downloader
    let cap: CHKReadCap
    let destination: DownloadDestination
    let events: @Sendable (DownloadEvent) -> Void
    private let cipher: CTRCipher?
    private var sink: DownloadSink?
    private var flat = TaggedHasher(tag: HashTag.crypttext)
    private var hashedUpTo = 0
    /// Whether the whole ciphertext's (flat) hash is checked: only when the part file held
    /// segments from an earlier run. A segment decoded in this run is checked against the
    /// crypttext hash tree, whose root the UEB (and so the cap) fixes; the flat hash adds
    /// nothing to that and costs a third of the download's hashing (docs/DECISIONS.md).
    private var checksFlat = false
    /// Attempts begun (the first after a failure is the second).
    private var attempts = 0

    init(downloader: Downloader, cap: CHKReadCap, destination: DownloadDestination, events: @escaping @Sendable (DownloadEvent) -> Void) {
        self.downloader = downloader
        self.cap = cap
        self.destination = destination
        self.events = events
        cipher = try? CTRCipher(key: cap.key)
    }

    var index: StorageIndex { cap.storageIndex }

    /// One attempt: locate, open, then fetch and decode every missing segment, then check
    /// and finish. `progressed` is called whenever segments are committed.
    func attempt(progressed: () -> Void) async throws(TransferError) {
        attempts += 1
        defer { try? sink?.flush() }  // however the attempt ends: what was written is kept
        let holders = try await ShareHolders.locate(index, needed: cap.needed, servers: downloader.servers, events: events)
        let opening = ContinuousClock.now
        var opened = try await holders.open(index, needed: cap.needed, events: events)
        let roundTrip = (ContinuousClock.now - opening) / ShareHolders.openingReads
        var decoder: SegmentDecoder
        do {
            let codec = try ErasureCodecs.make(k: cap.needed, n: cap.total, preferred: nil)
            decoder = try SegmentDecoder(cap: cap, sources: opened.shares.values.sorted { $0.shareNumber < $1.shareNumber }, codec: codec)
        } catch {
            throw Self.decodeFailure(error, holders: opened)
        }
        let geometry = decoder.geometry
        if sink == nil {
            sink = try DownloadSink.open(destination, geometry: geometry, identity: index.base32) { [events] in events($0) }
            if let sink {
                checksFlat = !sink.done.isEmpty
                if sink.replacedOther, case .file(let path) = destination {
                    events(.startingOver(reason: "\(PartFileNames.part(of: path)) held part of another download (another cap); it is replaced"))
                }
                events(.resuming(have: sink.bytesDone, total: geometry.fileSize))
            }
        }
        guard let sink else { return }
        // What starting took (config, journal, TLS to every server asked, the shares'
        // headers) is freed by now: handed back before the windows' buffers come on top of
        // it, it does not set the download's peak (VmHWM 65 MiB at 0.4 s, 57-60 after).
        FreedMemory.release()
        try advanceHash(geometry: geometry, sink: sink)
        var pending = (0..<geometry.segmentCount).filter { !sink.done.contains($0) }
        var ahead: Task<WindowFetch, any Error>?
        defer { ahead?.cancel() }
        var windows = 0
        // An attempt after a failure starts small: its opening's time may be a stall's.
        var sizing = WindowSizing(first: downloader.windowBytes, growth: downloader.windowGrowth, roundTrip: attempts == 1 ? roundTrip : .zero)
        while !pending.isEmpty {
            if Task.isCancelled { throw .cancelled }
            let active: [(shareNumber: Int, layout: ShareLayout)]
            do { active = try decoder.activeShares() } catch { throw Self.decodeFailure(error, holders: opened) }
            // Awaiting a task's value does not pass cancellation on: a read ahead waiting on a
            // slow limit held a paused download's run (and the agent's stop) for its whole wait.
            var early: WindowFetch?
            let waiting = ContinuousClock.now
            if let task = ahead {
                early = try? await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
                if early.map({ !$0.complete }) ?? true { sizing.failed() }
            }
            ahead = nil
            let batch: WindowFetch
            if let early, early.shares == active.map(\.shareNumber) {
                batch = early
                sizing.waited(ContinuousClock.now - waiting)
            } else {  // nothing read ahead, or a share was replaced meanwhile
                batch = try await WindowFetch.run(index, pending: pending, opened: opened, active: active, geometry: geometry,
                                                  windowBytes: sizing.bytes, grant: downloader.grant, events: events)
            }
            let window = batch.window
            guard try await opened.fetch(index, window: window, active: active, geometry: geometry, ahead: batch.results,
                                         grant: downloader.grant, decoder: &decoder, events: events) else {
                sizing.failed()
                continue  // a server failed: another holder or share takes over; fetch again
            }
            let rest = pending.filter { !window.contains($0) }
            if !rest.isEmpty {
                let (snapshot, bytes, grant) = (opened, sizing.bytes, downloader.grant)
                let index = index
                ahead = Task {
                    try await WindowFetch.run(index, pending: rest, opened: snapshot, active: active, geometry: geometry, windowBytes: bytes, grant: grant,
                                              events: events)
                }
            }
            var written: [Int] = []
            for segment in window {
                let count: Int
                do {
                    if segment == window[0] { try decoder.prehash(window) }  // fails as decoding it would
                    // Decrypted from the fetched blocks straight into the part file's write
                    // buffers: the segment is never copied whole.
                    count = try decoder.decode(segment: segment, flat: &flat, hashFlat: checksFlat && segment == hashedUpTo) { pieces in
                        try sink.write(decrypting: pieces, segment: segment, cipher: cipher)
                    }
                } catch let error as CoreError {
                    guard await opened.corrupt(index, error, events: events) else { throw TransferError.from(error) }
                    break  // the share is set aside: fetch this window again for its replacement
                } catch let error as TransferError {
                    throw error
                } catch {
                    throw TransferError.from(error)
                }
                if checksFlat, segment == hashedUpTo { hashedUpTo += 1 }  // the decoder added it to the flat hash
                written.append(segment)
                if !sink.reportsWrites { events(.wrote(count)) }
            }
            opened.dropBlocks(window, geometry: geometry)
            try sink.commit(written)
            try await sink.room()  // a stream's reader may be slow, or stopped
            windows += 1
            // Block arrays are reused (BufferPool); what else was freed goes back every few
            // windows, so RSS stays flat and low without faulting memory in again each window
            // (docs/BENCHMARKS.md, issue 6).
            if windows % Self.windowsPerTrim == 0 { FreedMemory.release() }
            if !written.isEmpty { progressed() }
            pending.removeAll { written.contains($0) }
            if let next = pending.first { decoder.forget(segmentsBefore: next) }  // trees held: a band, not the file's
            try advanceHash(geometry: geometry, sink: sink)
        }
        // A stream's last bytes are with its reader (and said) before the end is.
        if sink.reportsWrites { try await sink.finish() }
        events(.verifying)
        guard !checksFlat || (hashedUpTo == geometry.segmentCount && decoder.flatHashMatches(flat.finalize())) else {
            // Only a part file kept from an earlier run is checked so: its bytes changed on disk.
            // A retry cannot mend that; the downloader starts over, once (it failed for good,
            // and the person had to delete the part file: a user test).
            throw .integrity(Self.partChanged)
        }
        if !sink.reportsWrites { try await sink.finish() }
    }

    /// Hashes, in order, the segments an earlier run wrote, up to the first missing one.
    private func advanceHash(geometry: FileGeometry, sink: DownloadSink) throws(TransferError) {
        while checksFlat, hashedUpTo < geometry.segmentCount, sink.done.contains(hashedUpTo) {
            let plaintext = try sink.read(segment: hashedUpTo)
            flat.update(cipher?.apply(plaintext, atOffset: geometry.segmentOffset(hashedUpTo)) ?? plaintext)
            hashedUpTo += 1
        }
    }

    /// Forgets the part file (it did not verify): deleted, and the next attempt starts from
    /// nothing. Only for a file destination.
    func startOver() {
        guard case .file(let path) = destination else { return }
        sink = nil
        (flat, hashedUpTo, checksFlat) = (TaggedHasher(tag: HashTag.crypttext), 0, false)
        for file in [PartFileNames.record(of: path), PartFileNames.part(of: path)] { unlink(file) }
    }

    /// Why a download whose kept part file does not verify fails (``Downloader`` starts over
    /// once on it).
    static let partChanged = "the file's ciphertext does not match the flat hash in its URI extension block: the part file kept from an "
        + "earlier run was changed on disk; `ferry rm ID --delete-part` (ID from `ferry ls`) and the same get again fetch it whole"

    /// Windows between hands-back of freed memory.
    static let windowsPerTrim = 8

    /// The next run of pending segments whose blocks fit in `bytes` per share (at least one).
    static func window(_ pending: [Int], geometry: FileGeometry, bytes: Int) -> [Int] {
        var window = [pending[0]]
        var size = geometry.blockLength(pending[0])
        for segment in pending.dropFirst() {
            guard segment == window.last! + 1, size + geometry.blockLength(segment) <= bytes else { break }
            window.append(segment)
            size += geometry.blockLength(segment)
        }
        return window
    }

    /// Too few good shares: retryable when servers failed (they may come back), final
    /// when the shares themselves are bad.
    static func decodeFailure(_ error: any Error, holders: OpenedShares) -> TransferError {
        if let core = error as? CoreError, case .notEnoughShares = core {
            return holders.anyServerFailed ? .storage(.transport("too few share holders answer: \(core.message)")) : .integrity(core.message)
        }
        return TransferError.from(error)
    }
}
