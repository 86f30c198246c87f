import ArgumentParser
import FerryClient
import FerryCore
import FerryIO
import Foundation

/// `ferry rm ID...|--finished|--all`: transfers out of the queue and the journal.
struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove transfers from the queue and the journal.",
        discussion: """
            A running transfer is stopped first. What is already stored stays: an upload \
            stays in the grid (its cap goes with the entry: copy it first), a download's \
            PATH.part and PATH.part.ferry stay on disk (getting the same cap to the same path \
            later goes on from them) unless --delete-part is given. A transfer another ferry \
            runs in the foreground (not the agent) is left alone: pause it first.
            """
    )

    @Argument(help: "Transfer ids (see ferry ls).") var ids: [Int64] = []
    @Flag(name: .long, help: "Every done or failed transfer.") var finished = false
    @Flag(name: .long, help: "Every transfer.") var all = false
    @Flag(name: .long, help: "Delete unfinished downloads' PATH.part and PATH.part.ferry too.") var deletePart = false

    func validate() throws {
        if [!ids.isEmpty, finished, all].filter({ $0 }).count != 1 { throw ValidationError("give one of: transfer ids, --finished, --all") }
    }

    func run() async throws {
        do {
            let paths = ClientPaths(environment: ProcessInfo.processInfo.environment)
            let journal = try Journal(path: paths.journal)
            let entries = try journal.all()
            try TransferSelection.requireKnown(ids, in: entries)
            let chosenEntries = entries.filter { all || (finished ? $0.state.isFinished : ids.contains($0.id)) }
            let chosen = chosenEntries.map(\.id)
            guard !chosen.isEmpty else { return printError("nothing to remove") }
            // Part files there before, to say which were deleted (by the agent, or here).
            let partsBefore = chosenEntries.compactMap { entry -> (id: Int64, destination: String)? in
                guard deletePart, entry.state != .done, case .download(_, let destination) = entry.request,
                      Directory.fileExists(PartFileNames.part(of: destination)) else { return nil }
                return (entry.id, destination)
            }
            // The agent removes its own (stopping them first); with none, the journal is ours.
            let byAgent = try await AgentAccess().ifRunning { client, _ in
                for id in chosen { _ = try await client.request(deletePart ? .discard(id: id) : .remove(id: id)) }
                return true
            } ?? false
            var busy: [Int64] = []
            if !byAgent {
                let claims = TransferClaims(directory: paths.claims)
                busy = chosen.filter(claims.isClaimed)
                let free = chosen.filter { !busy.contains($0) }
                try journal.remove(free)
                for id in free { claims.forget(id) }
            }
            let removed = chosen.filter { !busy.contains($0) }
            StdinSpool.sweep(stateDirectory: paths.stateDirectory, journal: journal)  // standard input kept for them
            // The agent deleted its own; the others are out of the journal now, so nothing writes them.
            let gone = partsBefore.filter { removed.contains($0.id) }
            if !byAgent { for part in gone { PartFileNames.delete(for: part.destination) } }
            let parts = gone.map { PartFileNames.part(of: $0.destination) }.filter { !Directory.fileExists($0) }
            if !removed.isEmpty { printError("removed \(IDRanges.text(removed))") }
            if !parts.isEmpty { printError("deleted \(parts.joined(separator: ", "))") }
            if !busy.isEmpty {
                let ids = busy.map(String.init).joined(separator: " ")
                let which = busy.count == 1 ? "transfer \(ids) is" : "transfers \(ids) are"
                throw TransferError.file(code: "transfer.running", message: "\(which) running in another ferry; `ferry pause \(ids)` first, then remove")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }
}
