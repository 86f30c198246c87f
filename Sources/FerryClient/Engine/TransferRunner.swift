/// What a running transfer reports to the engine.
public enum RunnerEvent: Sendable, Equatable {
    /// What it is doing now ("keying", "sending", "pushing", "fetching", "verifying", …).
    case phase(String)
    /// Bytes of the current phase done, of the total.
    case progress(done: UInt64, total: UInt64)
    /// A step failed; it goes on by itself after this many seconds.
    case retrying(after: Double, error: TransferError)
    /// More of what the details pane shows (storage index, the other side's offsets, servers).
    case detail(TransferDetail)
    /// Something worth a line (a server replaced, "already in the grid").
    case note(String)
    /// The speed is counted afresh from the next progress: a send resumed at the helper's
    /// offset jumps to it, and that jump is no bytes moving.
    case countAfresh
}

/// Runs one transfer to its end (the uploader or downloader, retrying by themselves), so
/// the engine can be tested and composed without knowing how.
public protocol TransferRunner: Sendable {
    /// Runs `request`; returns the cap an upload made (nil for a download). `grant` is the
    /// rate limit, `report` the progress.
    func run(_ request: TransferRequest, grant: @escaping @Sendable (Int) async throws -> Int,
             report: @escaping @Sendable (RunnerEvent) -> Void) async throws(TransferError) -> String?
}
