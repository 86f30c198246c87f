import Synchronization

/// Bytes an upload handed to its connections, retries included.
final class SentCounter: Sendable {
    private let count = Mutex<UInt64>(0)

    func add(_ bytes: Int) { count.withLock { $0 += UInt64(bytes) } }

    var total: UInt64 { count.withLock { $0 } }
}
