import ErasureCode
import FerryCore
import FerryStorage

/// Where a download goes.
public enum DownloadDestination: Sendable {
    /// A file: written as `PATH.part`, resumable, renamed into place when verified.
    case file(String)
    /// Standard output, in order (not resumable).
    case standardOutput
    /// A device or pipe that already exists (`/dev/null`, a FIFO): opened for writing and
    /// written in order like standard output, never replaced.
    case stream(String)
}

/// Downloads a file from storage servers: finds the share holders, checks each share's
/// metadata against the cap, fetches blocks by range from k servers in parallel, a window
/// at a time, verifies every block and segment, decodes, decrypts, and writes each segment
/// at its offset. A server that fails or stalls is replaced by another holder of the same
/// share, or another share; a corrupt share is set aside (and reported to its server).
/// After any failure the download goes on from the first missing segment.
public struct Downloader: Sendable {
    public let servers: [StorageClient]
    public var retry: RetryPolicy
    /// Block bytes fetched per share and request (k requests in parallel); each window is
    /// committed to the part file, so this bounds what a kill or a cut costs. 768 KiB (two
    /// 1 MiB segments with k=3): as fast as 1 MiB and ~1.5 MiB less peak memory, which kept
    /// a 1 GiB get under 64 MiB (docs/BENCHMARKS.md, session 18); 512 KiB was 20 % slower.
    public var windowBytes = 3 << 18
    /// How many times `windowBytes` a window may grow to over a long link (``WindowSizing``);
    /// 1 keeps every window at `windowBytes`.
    public var windowGrowth = 4
    public var sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    /// A rate limit: answers how many of the bytes asked for may come (at most a burst,
    /// after waiting as long as the limit needs). Every block and hash-tree byte is asked
    /// for, in as many answers as it takes, before it is read; a window is one segment when
    /// its first segment's blocks are more than one answer. Nil: no limit.
    public var grant: (@Sendable (Int) async throws -> Int)?

    public init(servers: [StorageClient], retry: RetryPolicy = RetryPolicy()) {
        self.servers = servers
        self.retry = retry
    }

    /// Downloads `cap` to `destination`.
    public func download(_ cap: Cap, to destination: DownloadDestination,
                         events: @escaping @Sendable (DownloadEvent) -> Void = { _ in }) async throws(TransferError) {
        switch cap {
        case .literal(let literal):
            let geometry = FileGeometry(fileSize: UInt64(literal.data.count), needed: 1, total: 1, segmentSize: max(literal.data.count, 1))
            let sink = try DownloadSink.open(destination, geometry: geometry, identity: "LIT") { events($0) }
            try sink.write(literal.data, segment: 0)
            try await sink.finish()
            if !sink.reportsWrites { events(.wrote(literal.data.count)) }
        case .verify:
            throw .badCap(DownloadCheck.verifyCap)
        case .chk(let chk):
            let run = DownloadRun(downloader: self, cap: chk, destination: destination, events: events)
            var state = RetryState(policy: retry)
            var startedOver = false
            while true {
                do throws(TransferError) {
                    if Task.isCancelled { throw .cancelled }
                    return try await run.attempt { state.progressed() }
                } catch .integrity(DownloadRun.partChanged) where !startedOver {
                    // The kept part changed on disk: only fetching it whole mends that.
                    guard case .file = destination else { throw .integrity(DownloadRun.partChanged) }
                    startedOver = true
                    run.startOver()
                    events(.startingOver(reason: "the part file kept from an earlier run was changed on disk; it is deleted and the file fetched whole"))
                } catch {
                    guard let delay = state.failed(retryable: error.isRetryable, random: random()) else { throw error }
                    events(.retrying(after: delay, error: error))
                    do { try await sleep(delay) } catch { throw .cancelled }
                }
            }
        }
    }
}
