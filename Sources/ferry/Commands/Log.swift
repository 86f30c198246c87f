import ArgumentParser
import FerryClient
import FerryCore
import FerryTUI
import Foundation

/// `ferry log ID...|--all`: what happened to transfers, as the screen's details pane lists it.
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what happened to transfers.",
        discussion: """
            Each transfer's last 50 events, oldest first, at local time: added, running, each \
            phase, every retry with its reason, pauses, the end. The background agent keeps \
            them in the journal, so they outlive it, writing each within a second (a transfer \
            run by `put` or `get` with no agent has none).
            """
    )

    @OptionGroup var selection: TransferSelection
    @Flag(name: .long, help: "One JSON object per event: id, name, time (Unix seconds), text.") var json = false

    func run() throws {
        do {
            let journal = try Journal(path: ClientPaths(environment: ProcessInfo.processInfo.environment).journal)
            let chosen = try selection.entries(journal)
            // The journal's alone, as `ls` reads it: an agent stopped with SIGSTOP held the
            // command, and the agent's copy of a log can be shorter than the journal's.
            let logs = Dictionary(try journal.logs(of: chosen.map(\.id)).map { ($0.id, $0.lines) }, uniquingKeysWith: { $1 })
            for entry in chosen {
                let name = entry.request.name, lines = logs[entry.id] ?? []
                if json {
                    for line in lines { printNow(jsonLine(["event": "log", "id": entry.id, "name": name, "time": line.time, "text": line.text]) ?? "") }
                    continue
                }
                printNow("\(entry.id)  \(entry.request.kind)  \(Printable.name(name))")
                if lines.isEmpty { printNow("  no events kept") }
                for line in lines { printNow("  \(Self.localTime(line.time))  \(Printable.name(line.text))") }
            }
        } catch {
            throw fail(error)
        }
    }

    /// "2026-12-02 07:10:56", in the local time zone.
    static func localTime(_ time: Double) -> String {
        var seconds = time_t(time.rounded(.down)), parts = tm()
        localtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
