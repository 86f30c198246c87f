import ArgumentParser
import FerryClient
import FerryCore
import Foundation

/// `ferry pause ID...|--all`: stops transfers, keeping their progress.
struct Pause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pause transfers (their progress is kept).",
        discussion: """
            A ferry running the transfer stops it within a second (the background agent at \
            once). `ferry resume` goes on with it: an upload from what the helper holds, a \
            download from the segments already written to its part file (a segment cut off \
            in flight is fetched again, so a download's figure may step back a little).
            """
    )

    @OptionGroup var selection: TransferSelection

    func run() async throws {
        do {
            let journal = try Journal(path: ClientPaths(environment: ProcessInfo.processInfo.environment).journal)
            let chosen = try selection.entries(journal).filter { !$0.state.isFinished && $0.state != .paused }
            // What another ferry running one of them follows; one commit for all.
            try journal.save(chosen.map { entry in
                var entry = entry
                entry.state = .paused
                return entry
            })
            // A running agent is told at once, so a `ferry resume` right after finds them
            // paused there (it follows the journal only every half second).
            if !chosen.isEmpty {
                _ = try await AgentAccess().ifRunning { client, _ in
                    // All at once when all were asked for: one journal commit there, not one each.
                    if selection.all { return _ = try await client.request(.pauseAll) }
                    for entry in chosen { _ = try await client.request(.pause(id: entry.id)) }
                }
            }
            printError(chosen.isEmpty ? "nothing to pause" : "paused \(IDRanges.text(chosen.map(\.id)))")
        } catch {
            throw fail(error)
        }
    }
}
