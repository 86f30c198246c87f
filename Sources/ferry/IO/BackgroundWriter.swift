import Dispatch
import Foundation

/// Runs writes on one background thread so that disk I/O overlaps with hashing and
/// encoding. Bounded: at most `depth` writes wait at once, so memory stays flat; the first
/// failure is kept and reported by the next ``submit(_:)`` or by ``drain()``.
final class BackgroundWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "ferry.writer")
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var failure: (any Error)?

    init(depth: Int) {
        slots = DispatchSemaphore(value: depth)
    }

    /// Queues `work`; blocks while `depth` writes are already waiting.
    func submit(_ work: @escaping @Sendable () throws -> Void) throws {
        try checkFailure()
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            do { try work() } catch { lock.withLock { failure = failure ?? error } }
        }
    }

    /// Waits for every queued write; throws the first failure.
    func drain() throws {
        queue.sync {}
        try checkFailure()
    }

    private func checkFailure() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
