import FerryClient
import FerryCore

extension TransferSnapshot {
    /// What a command says of a transfer removed from the queue (`ferry rm`, a screen) while
    /// it waited on it.
    static let removedMessage = "removed from the queue before it finished (`ferry rm`, or a screen)"

    /// Says on standard error that `name`'s transfer was removed, and with `--json` (given
    /// `json`, the event's own fields) ends its events with a `failed` one on standard output;
    /// returns its code. A removed transfer's last event was its last progress.
    static func reportRemoved(as name: String, json: [String: Any]? = nil) -> String {
        let code = "transfer.removed"
        printError("error: \(name): \(code): \(removedMessage)")
        if let json, let line = jsonLine(json.merging(["event": "failed", "code": code, "message": removedMessage]) { $1 }) { printNow(line) }
        return code
    }

    /// Says on standard error why this transfer did not finish, and returns the code its
    /// command's exit status comes from; nil when it is done. A pause is not a success: a
    /// script's `ferry get CAP -o FILE && use FILE` must not go on without the file.
    func reportUnfinished(as name: String) -> String? {
        switch state {
        case .done:
            return nil
        case .failed(let code, let message):
            printError("error: \(name): \(code): \(message)")
            return code
        default:
            printError("\(name): \(state.name); `ferry resume \(id)` goes on with it")
            return "transfer.paused"
        }
    }
}
