import ArgumentParser
import FerryClient
import FerryCore
import FerryTUI
import Foundation

/// `ferry ls`: the transfers in the journal.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List queued, running and finished transfers.",
        discussion: """
            States: queued, active, retrying, paused, failed, done, and interrupted (its ferry \
            stopped without finishing it: `ferry resume` goes on with it).
            """
    )

    @Flag(name: .long, help: "One JSON object per transfer.") var json = false

    func run() throws {
        do {
            let paths = ClientPaths(environment: ProcessInfo.processInfo.environment)
            let entries = try Journal(path: paths.journal).all()
            let claims = TransferClaims(directory: paths.claims)
            let rows = entries.map { entry in (entry, claims.isInterrupted(entry) ? "interrupted" : entry.state.name) }
            if json {
                for (entry, state) in rows { printNow(Self.json(entry, state: state)) }
            } else if rows.isEmpty {
                printError("no transfers in the journal (\(paths.journal))")
            } else {
                printNow(Self.table(rows, nameWidth: isatty(1) != 0 ? 40 : nil))
            }
        } catch {
            throw fail(error)
        }
    }

    /// The queue as a table; names cut to `nameWidth` columns on a terminal, whole when
    /// piped (`ls | grep` missed a long name cut in the middle: a user test).
    static func table(_ rows: [(JournalEntry, String)], nameWidth: Int? = 40) -> String {
        var lines = [["ID", "KIND", "STATE", "PROGRESS", "NAME", "DETAIL"]]
        for (entry, state) in rows {
            let percent = entry.total > 0 ? "\(Int(min(1, Double(entry.done) / Double(entry.total)) * 100))%" : "-"
            // The phase only for one under way (or cut off in it): beside a failed or paused
            // transfer, "100% verifying" read as work going on.
            let phase = entry.phase.isEmpty || !entry.state.holdsSlot ? "" : TransferRow.phaseWord(entry.phase, upload: entry.request.kind == "upload")
            let progress = entry.state == .done ? "100%" : phase.isEmpty ? percent : entry.total > 0 ? "\(percent) \(phase)" : phase
            let detail: String = switch entry.state {
            case .failed(let code, let message), .retrying(_, let code, let message): "\(code): \(message)"
            default: entry.cap ?? ""
            }
            lines.append(["\(entry.id)", entry.request.kind, state, progress, nameWidth.map { Truncate.middle(DisplayWidth.drawn(Printable.name(entry.request.name)), $0, ellipsis: "..") } ?? Printable.name(entry.request.name), detail])
        }
        let widths = (0..<5).map { column in lines.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return lines.map { line in
            (0..<5).map { line[$0] + String(repeating: " ", count: widths[$0] - DisplayWidth.of(line[$0])) }.joined(separator: "  ") + "  " + line[5]
        }.joined(separator: "\n")
    }


    static func json(_ entry: JournalEntry, state: String) -> String {
        var object: [String: Any] = ["id": entry.id, "kind": entry.request.kind, "state": state, "name": entry.request.name,
                                     "phase": entry.phase, "done": entry.done, "total": entry.total, "priority": entry.priority]
        switch entry.request {
        case .upload(let path): object["path"] = path
        case .download(_, let destination): object["path"] = destination
        }
        if let cap = entry.cap { object["cap"] = cap }
        // A retry's reason too, as the table shows it (only a failure's was given).
        switch entry.state {
        case .failed(let code, let message), .retrying(_, let code, let message): (object["code"], object["message"]) = (code, message)
        default: break
        }
        return jsonLine(object) ?? "{}"
    }
}
