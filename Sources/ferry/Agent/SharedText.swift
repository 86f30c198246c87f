import Synchronization

/// A line of text one task writes and others read (the config follower's problem, read by
/// the agent's status).
final class SharedText: Sendable {
    private let value = Mutex<String?>(nil)

    var current: String? { value.withLock { $0 } }

    func set(_ text: String?) { value.withLock { $0 = text } }
}
