import FerryClient
import Foundation
import Synchronization

/// The agent's ``TransferLogBook``, fed from the engine's events for as long as the agent
/// runs, with the wall-clock time each was heard.
final class TransferLogKeeper: Sendable {
    private let book = Mutex(TransferLogBook())
    private let now: @Sendable () -> Double

    init(now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) { self.now = now }

    /// Follows `engine` (every transfer it has, then each change) until cancelled; a stream
    /// the engine ended (it fell behind) is followed again from a fresh replay.
    func follow(_ engine: TransferEngine) async {
        while !Task.isCancelled {
            for await event in await engine.events(replaying: true) {
                switch event {
                case .updated(let transfer): book.withLock { $0.record(transfer, at: now()) }
                case .removed(let id): book.withLock { $0.remove(id) }
                default: break
                }
            }
            try? await Task.sleep(for: .milliseconds(100))  // not a busy loop if streams end at once
        }
    }

    func recent() -> [TransferLog] { book.withLock { $0.recent() } }
}
