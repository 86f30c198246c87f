import FerryClient

/// What reaches the screen: keys, the engine's snapshot and events, the terminal's size,
/// the clock, and the answers to commands that needed I/O.
public enum Message: Sendable, Equatable {
    case key(Key)
    case snapshot(EngineSnapshot)
    /// The agent's transfer logs, given with its snapshot when the screen attaches.
    case logs([TransferLog])
    case engine(EngineEvent)
    case resize(width: Int, height: Int)
    /// The clock moved (retry countdowns); seconds since 1970.
    case tick(Double)
    /// How many storage servers answer (nil: none known).
    case storage(StorageHealth?)
    case helper(HelperStatus)
    /// The journal's queue, read while no agent runs (another ferry may run some of it):
    /// `interrupted`, those holding a slot that no process runs, come as paused; with the
    /// logs the agents kept there, on the first reading since one ran.
    case journal([TransferSnapshot], interrupted: Set<Int64>, logs: [TransferLog] = [])
    /// The screen's connection to the agent changed.
    case agent(AgentLink)
    /// Paths that complete `prefix` (answer to ``Command/complete(_:)``), and how many more
    /// entries match but have names that are not UTF-8 (text cannot hold them).
    case completed(prefix: String, candidates: [String], notUTF8: Int = 0)
    /// The agent took a transfer this screen added (``Command/addUpload(_:)``,
    /// ``Command/addDownload(cap:destination:)``): its id, selected once listed.
    case added(Int64)
    /// A command failed (a bad path, an engine error): shown in the status bar.
    case failed(String)
    /// Something the person should know that is not an error: shown in the status bar.
    case notice(String)
    /// A command given while not attached to the agent: said until the screen attaches; an
    /// add's dialog opens again with what was typed.
    case unattached(String, reopen: Dialog?)
    /// An add was refused before anything was queued (a path that cannot be read, a bad
    /// cap): the reason in the status bar, and its dialog open again with what was typed.
    case refused(Dialog, reason: String)
}
