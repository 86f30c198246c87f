import Synchronization

/// A value one task writes and others read (the config follower's problem and grid digests,
/// read by the agent's answers).
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ initial: Value) { value = Mutex(initial) }

    var current: Value { value.withLock { $0 } }

    func set(_ new: Value) { value.withLock { $0 = new } }
}
