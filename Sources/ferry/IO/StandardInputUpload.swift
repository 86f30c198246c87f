import FerryClient
import FerryCore
import FerryIO
import FerryTUI
import Foundation
import Synchronization

/// `ferry put -`: standard input read into a spool (see ``StdinSpool``) before the upload
/// is queued, with a line saying how much has been read (redrawn on a terminal, one line
/// at the end when piped; with `--json`, a `read` event a second and one at the end).
enum StandardInputUpload {
    /// Why `-` cannot be read here, if it cannot: a terminal would wait for typing.
    static func refusal(isTerminal: Bool, wasClosed: Bool = false) -> String? {
        guard wasClosed || isTerminal else { return nil }
        return "`-` uploads standard input, which is \(wasClosed ? "closed" : "a terminal") here; pipe the data in (`tar c DIR | ferry put - --name DIR.tar`)"
    }

    static func spool(name: String, stateDirectory: String, style: ProgressLine.Style) async throws(TransferError) -> StdinSpool {
        // Stopped while reading (Ctrl-C), the partial input goes at once: nothing refers to it.
        let folder = Folder()
        let signals = SignalWatch([SIGINT, SIGTERM]) {
            if let made = folder.made.withLock({ $0 }) { StdinSpool.remove(folder: made) }
            if style == .terminal { printErrorInline("\r\u{1B}[K") }
            printError("\(name): stopped while reading standard input; nothing was queued")
            // With --json, said as the command's last event too (it said nothing there).
            if style == .json, let line = jsonLine(["event": "stopped", "file": name, "code": TransferError.cancelled.code,
                                                    "message": "stopped while reading standard input; nothing was queued"]) {
                printNow(line)
            }
            PromptExit.now(130)
        }
        defer { signals.cancel() }
        // Read on a thread of its own: the input may never end, and the Ctrl-C handler
        // above needs a thread of the task pool to run on.
        let spool = try await OwnThread.run { () throws(TransferError) -> StdinSpool in
            let clock = ContinuousClock()
            var lastDraw = clock.now - .seconds(1)
            return try StdinSpool(reading: 0, name: name, stateDirectory: stateDirectory, started: { made in folder.made.withLock { $0 = made } }) { total in
                switch style {
                case .terminal where clock.now - lastDraw >= .milliseconds(100):
                    printErrorInline("\r\u{1B}[K" + TerminalColumns.fitted("\(ProgressSummary.shortened(name)): reading standard input  \(HumanFormat.bytes(total))"))
                case .json where clock.now - lastDraw >= .seconds(1), .jsonOnStandardError where clock.now - lastDraw >= .seconds(1):
                    // A long `tar c | ferry put - --json` said nothing until its input ended.
                    if let text = jsonLine(["event": "read", "file": name, "bytes": total]) { style == .json ? printNow(text) : printError(text) }
                default: return
                }
                lastDraw = clock.now
            }
        }
        let line = "\(name): read \(HumanFormat.bytes(spool.size)) from standard input"
        switch style {
        case .terminal: printErrorInline("\r\u{1B}[K" + line + "\n")
        case .plain: printError(line)
        case .json, .jsonOnStandardError:
            if let text = jsonLine(["event": "read", "file": name, "bytes": spool.size]) {
                if style == .json { printNow(text) } else { printError(text) }
            }
        }
        return spool
    }

    /// The spool's folder once made, for the Ctrl-C handler to remove.
    private final class Folder: Sendable {
        let made = Mutex<String?>(nil)
    }
}
