import ArgumentParser
import FerryClient
import FerryCore
import Foundation

/// `ferry pause ID...|--all`: stops transfers, keeping all progress.
struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pause transfers (all progress is kept).",
        discussion: "A ferry running the transfer stops it within a second. `ferry resume` goes on with it."
    )

    @OptionGroup var selection: TransferSelection

    func run() throws {
        do {
            let journal = try Journal(path: ClientPaths(environment: ProcessInfo.processInfo.environment).journal)
            var paused: [Int64] = []
            for var entry in try selection.entries(journal) where !entry.state.isFinished && entry.state != .paused {
                entry.state = .paused
                try journal.save(entry)
                paused.append(entry.id)
            }
            printError(paused.isEmpty ? "nothing to pause" : "paused \(paused.map(String.init).joined(separator: ", "))")
        } catch {
            throw fail(error)
        }
    }
}
