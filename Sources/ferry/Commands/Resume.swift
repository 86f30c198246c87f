import ArgumentParser
import FerryAgent
import FerryClient
import FerryCore
import FerryTUI
import Foundation

/// `ferry resume ID...|--all`: goes on with paused, failed or interrupted transfers, here.
struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resume paused, failed or interrupted transfers.",
        discussion: """
            The transfers run here, with progress, until they end (or in the background \
            agent when one runs, this command showing their progress); each asks the other \
            side what it already has and sends or fetches only the rest. Finished uploads \
            print their caps on standard output. A transfer another ferry is running is left \
            to it.
            """
    )

    @OptionGroup var selection: TransferSelection
    @Flag(name: .long, help: "Print events as JSON lines on standard output.") var json = false

    func run() async throws {
        do {
            let paths = ClientPaths(environment: ProcessInfo.processInfo.environment)
            let claims = TransferClaims(directory: paths.claims)
            // With an agent running, every one goes to it: those it runs are shown, and one it
            // paused a moment ago still holds its claim while its run ends (`ferry pause 4;
            // ferry resume 4` said "nothing to resume" and left it paused).
            let agentRuns = AgentLock.holder(AgentAccess().paths.lock) != nil
            let unfinished = try selection.entries(Journal(path: paths.journal)).filter { $0.state != .done }
            let chosen = unfinished.filter { agentRuns || !claims.isClaimed($0.id) }
            // Run by another ferry (a put in another shell): said, and the command ends 75 as
            // `put` of the same file does (it said "nothing to resume" and ended 0).
            let elsewhere = unfinished.filter { !agentRuns && claims.isClaimed($0.id) }
            for entry in elsewhere {
                // As `put --json` of the same file says it (standard output said nothing).
                sayRefused(Printable.name(entry.request.name), .file(code: "transfer.running", message: "transfer \(entry.id) is being run by another ferry (see ferry ls)"),
                           json: json, naming: ["id": entry.id, "name": entry.request.name])
            }
            guard !chosen.isEmpty else {
                if !elsewhere.isEmpty { throw FerryExit.status(code: "transfer.running") }
                return printError("nothing to resume")
            }
            let needsHelper = chosen.contains { if case .upload = $0.request { true } else { false } }
            let setup = try await ClientSetup.load(needsHelper: needsHelper)
            let style: ProgressLine.Style = json ? .json : isatty(2) != 0 ? .terminal : .plain
            var session = EngineSession(setup: setup, style: style, kinds: Set(chosen.map(\.request.kind)))
            // Stopped by a signal: the uploads already done still get their caps.
            session.finishedBeforeStop = { [json] done in
                for transfer in done { if case .upload = transfer.entry.request, let cap = transfer.entry.cap, !json { printNow(cap) } }
            }
            let finished = try await session.run(ids: chosen.map(\.id))
            var failure: String? = elsewhere.isEmpty ? nil : "transfer.running"
            for entry in chosen {
                // Removed meanwhile (`ferry rm`, a screen): it has no last snapshot. Skipped, the
                // command exited 0 as if all had finished.
                guard let transfer = finished.first(where: { $0.id == entry.id }) else {
                    let code = TransferSnapshot.reportRemoved(as: entry.request.name, json: json ? ["id": entry.id, "name": entry.request.name] : nil)
                    failure = failure ?? code
                    continue
                }
                if transfer.state == .done, case .upload = transfer.entry.request, let cap = transfer.entry.cap, !json { printNow(cap) }
                if let code = transfer.reportUnfinished(as: transfer.entry.request.name) { failure = failure ?? code }
            }
            if let failure { throw FerryExit.status(code: failure) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error, json: json)
        }
    }
}
