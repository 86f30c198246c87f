import FerryStorage

/// A storage server and the shares it is to receive in one push.
struct PushTarget: Sendable {
    let id: String
    let client: StorageClient
    /// Shares to place there.
    var shares: Set<Int>
    /// Shares of the placement it already holds whole (reported, not sent).
    var held: Set<Int> = []
}

/// A storage server that failed during a push, beyond what retries could mend.
struct PushFailure: Error {
    let server: String
    let error: StorageError
}

/// A storage server that would not take some of its shares for lack of room (it answered
/// 507 or 413, or left them out of its allocation): they go to other servers.
struct SharesRefused: Error {
    let server: String
    let shares: Set<Int>
}

/// What a push reports as it goes.
enum PushEvent: Sendable {
    case encoded(segments: Int, of: Int)
    /// Bytes handed to a server's connection.
    case sent(server: String, bytes: UInt64)
    /// Bytes a server acknowledged (a required range, complete).
    case stored(server: String, bytes: UInt64)
    /// A server's shares for this pass: their total size, and how much it already holds.
    case planned(server: String, shares: Set<Int>, total: UInt64, held: UInt64)
    case replaced(server: String)
}
