import FerryClient
import Foundation
import Synchronization

/// The agent's ``TransferLogBook``, fed from the engine's events for as long as the agent
/// runs, with the wall-clock time each was heard. With a journal, it starts from the logs an
/// earlier agent left there and writes its new lines there, once a second (a screen opened
/// after `ferry agent stop`, a crash or a reboot showed only "added" and the state the
/// journal had).
final class TransferLogKeeper: Sendable {
    private struct State {
        var book = TransferLogBook()
        /// Lines not yet in the journal, by transfer.
        var unwritten: [Int64: [TransferLogLine]] = [:]
    }

    private let state = Mutex(State())
    private let journal: Journal?
    private let now: @Sendable () -> Double
    /// How often new lines are written.
    static let writeEvery = Duration.seconds(1)

    init(journal: Journal? = nil, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.journal = journal
        self.now = now
    }

    /// Follows `engine` (every transfer it has, then each change) until cancelled; a stream
    /// the engine ended (it fell behind) is followed again from a fresh replay. What is not
    /// written yet is written as it ends.
    func follow(_ engine: TransferEngine) async {
        let writing = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.writeEvery)
                write()
            }
        }
        while !Task.isCancelled {
            for await event in await engine.events(replaying: true) {
                switch event {
                case .updated(let transfer):
                    state.withLock { state in
                        let lines = state.book.record(transfer, at: now())
                        if journal != nil, !lines.isEmpty { state.unwritten[transfer.id, default: []] += lines }
                    }
                case .removed(let id):
                    state.withLock { state in
                        state.book.remove(id)
                        state.unwritten[id] = nil
                    }
                default: break
                }
            }
            try? await Task.sleep(for: .milliseconds(100))  // not a busy loop if streams end at once
        }
        writing.cancel()
        await writing.value  // a write under way ends first: the last lines come after its
        write()
    }

    /// Takes the logs an earlier agent left in the journal (the newest lines read in, every
    /// transfer with one known).
    func restore() {
        guard let journal else { return }
        let kept = (try? journal.logs()) ?? [], logged = (try? journal.loggedTransfers()) ?? []
        state.withLock { $0.book.restore(kept, logged: logged) }
    }

    /// Writes the lines heard since the last write. A journal that cannot be written keeps
    /// them for the next try (up to a transfer's worth each; the book holds them anyway).
    func write() {
        guard let journal else { return }
        let lines = state.withLock { state in
            defer { state.unwritten = [:] }
            return state.unwritten
        }
        guard !lines.isEmpty else { return }
        do {
            try journal.appendLogs(lines.map { TransferLog(id: $0.key, lines: $0.value) })
        } catch {
            state.withLock { state in
                for (id, kept) in lines { state.unwritten[id] = Array((kept + (state.unwritten[id] ?? [])).suffix(TransferLogBook.linesPerTransfer)) }
            }
        }
    }

    func recent() -> [TransferLog] { state.withLock { $0.book.recent() } }
}
