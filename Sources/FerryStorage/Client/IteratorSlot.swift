import NIOConcurrencyHelpers

/// An iterator that can be let go of from outside while no `next()` runs on it.
final class IteratorSlot<Iterator>: @unchecked Sendable {
    private let lock = NIOLock()
    private var iterator: Iterator?
    private var released = false

    init(_ iterator: Iterator) {
        self.iterator = iterator
    }

    func take() -> Iterator? {
        lock.withLock {
            defer { iterator = nil }
            return iterator
        }
    }

    func put(_ iterator: Iterator) {
        lock.withLock { if !released { self.iterator = iterator } }
    }

    /// The iterator is dropped after the lock is let go: its deinit may do anything.
    func release() {
        let dropped = lock.withLock {
            released = true
            defer { iterator = nil }
            return iterator
        }
        withExtendedLifetime(dropped) {}
    }
}
