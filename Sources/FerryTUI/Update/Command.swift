/// What the screen asks of the world; the loop runs these against the engine, the file
/// system and the terminal, and answers with ``Message``s where there is something to say.
public enum Command: Sendable, Equatable {
    case pause(Int64)
    case resume(Int64)
    case pauseAll
    case resumeAll
    case addUpload(path: String)
    case addDownload(cap: String, destination: String)
    case remove(Int64)
    /// Remove, and delete a download's part file.
    case discard(Int64)
    case setPriority(Int64, Int)
    /// Bytes per second for one transfer (nil: all together); 0 lifts the limit.
    case setRateLimit(Int64?, UInt64)
    /// Put text on the terminal's clipboard (OSC 52).
    case copy(String)
    /// List the paths that complete a prefix.
    case complete(String)
    case quit
}
