import FerryClient
import FerryCore

/// Shows a download's progress on a ``ProgressLine``.
struct DownloadReporter: Sendable {
    let line: ProgressLine

    init(name: String, style: ProgressLine.Style) {
        line = ProgressLine(name: name, style: style, phase: "locating")
    }

    func handle(_ event: DownloadEvent) {
        line.update(json: Self.json(event)) { state in
            switch event {
            case .located(let shares, let servers, let asked):
                state.phase = "receiving"  // the word the screen and journaled gets show
                return "\(shares) share\(shares == 1 ? "" : "s") on the \(servers) of \(asked) storage servers that answered"
            case .resuming(let have, let total):
                (state.done, state.total, state.moving) = (have, total, true)
                return have > 0 ? "\(HumanFormat.bytes(have)) of \(HumanFormat.bytes(total)) already here; receiving the rest" : nil
            case .wrote(let bytes):
                state.phase = "receiving"  // the word the screen and journaled gets show
                state.done += UInt64(bytes)
                state.moving = true
            case .fetched:
                break
            case .unanswered(let server, let error):
                return DownloadEvent.unansweredText(server: server, error: error)
            case .slow(let server, let waited):
                return DownloadEvent.slowText(server: server, waited: waited)
            case .replaced(let share, let server, let reason):
                return "share \(share) from \(server) set aside (\(reason)); using another"
            case .retrying(let delay, let error):
                state.phase = "retrying"
                return "\(error); \(HumanFormat.retrying(in: delay))"
            case .verifying:
                state.phase = "verifying"
            case .startingOver(let reason):
                return reason
            case .waitingForReader(let stream, let opened):
                state.phase = "waiting"
                // Said once a kind: a reader slower than the grid makes the wait come back.
                let text = opened ? "waiting for the reader of \(stream) to read on" : "waiting for a reader to open \(stream)"
                return state.said.insert(text).inserted ? text : nil
            }
            return nil
        }
    }

    /// Ends the line; piped, says the download is done (as the engine's downloads do); with
    /// `--json`, a `done` event, as `put` ends each file.
    func finish() {
        line.finish()
        switch line.style {
        case .plain: printError("\(line.shown): done")
        case .json, .jsonOnStandardError: line.update(json: ["event": "done"]) { _ in nil }
        case .terminal: break
        }
    }

    static func json(_ event: DownloadEvent) -> [String: Any] {
        switch event {
        case .located(let shares, let servers, let asked): ["event": "located", "shares": shares, "servers": servers, "asked": asked]
        case .resuming(let have, let total): ["event": "resuming", "have": have, "total": total]
        case .wrote(let bytes): ["event": "wrote", "bytes": bytes]
        case .fetched(let share, let server, let bytes): ["event": "fetched", "share": share, "server": server, "bytes": bytes]
        case .unanswered(let server, let error): ["event": "unanswered", "server": server, "code": error.code, "message": error.message]
        case .slow(let server, let waited): ["event": "slow", "server": server, "waited": waited]
        case .replaced(let share, let server, let reason): ["event": "replaced", "share": share, "server": server, "reason": reason]
        case .retrying(let delay, let error): ["event": "retrying", "after": delay, "code": error.code, "message": error.message]
        case .verifying: ["event": "verifying"]
        case .startingOver(let reason): ["event": "starting_over", "reason": reason]
        case .waitingForReader(_, let opened): ["event": "waiting", "opened": opened]
        }
    }
}
