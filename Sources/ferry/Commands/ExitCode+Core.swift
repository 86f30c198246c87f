import FerryAgent
import FerryHelperProtocol
import FerryIO
import ArgumentParser
import FerryClient
import FerryCore
import FerryHelper
import FerryStorage

/// Exit statuses of `ferry`, following sysexits(3) where one fits.
enum FerryExit {
    /// Bad input data: a malformed cap, corrupt or missing shares, a failed integrity check.
    static let dataError = ExitCode(65)
    /// An input file or directory is missing or unreadable.
    static let noInput = ExitCode(66)
    /// A server could not be reached, or broke off.
    static let unavailable = ExitCode(69)
    /// The output cannot be created: it exists (without --force) or is a directory.
    static let cantCreate = ExitCode(73)
    /// Writing output failed.
    static let ioError = ExitCode(74)
    /// A configuration file is malformed.
    static let configError = ExitCode(78)
    /// Another ferry is running that transfer.
    static let temporaryFailure = ExitCode(75)

    /// Codes of errors that can pass with time (a server back, space freed).
    static let retryableCodes: Set<String> = ["storage.transport", "storage.insufficient_storage", "storage.io", "storage.unexpected_status",
                                              "helper.busy", "helper.unavailable", "helper.insufficient_storage", "helper.io", "helper.transport"]

    /// The exit status for a transfer error's stable code (all a journaled failure keeps).
    static func status(code: String) -> ExitCode {
        switch code {
        case "file.not_found", "file.unreadable", "transfer.not_found", "transfer.unknown": noInput
        case "file.exists", "file.is_directory", "file.not_regular", "file.no_directory", "file.in_use": cantCreate
        case "transfer.cancelled", "transfer.removed": ExitCode(130)
        case TransferError.outputClosed: ExitCode(141)  // 128 + SIGPIPE, what a shell shows for `cat` there
        case "transfer.running", "transfer.paused": temporaryFailure
        case _ where code.hasPrefix("file.") || code.hasPrefix("journal.") || code == "output.unwritable": ioError
        case _ where code.hasPrefix("config."): configError
        case _ where retryableCodes.contains(code) || code.hasPrefix("agent.") || code.hasPrefix("protocol."): unavailable
        default: dataError
        }
    }
}

/// Prints `error: <code>: <message>` to standard error and picks the exit status. With
/// `json`, the command's end is an event on standard output too (`failed`, with no file or
/// id: the command as a whole), where a script reads: a config or journal error printed
/// nothing there.
func fail(_ error: Error, json: Bool = false) -> ExitCode {
    let failed = Failure(error)
    printError(failed.line)
    if json, let line = jsonLine(["event": "failed", "code": failed.code ?? "transfer.failed", "message": failed.message]) { printNow(line) }
    return failed.status
}

/// Says that something was refused before it was queued or run: `error: LABEL: CODE:
/// MESSAGE` on standard error, and with `json` a `refused` event carrying `naming` (`file`
/// from `put`, `id` and `name` from `resume`).
func sayRefused(_ label: String, _ error: TransferError, json: Bool, naming: [String: Any]) {
    printError("error: \(label): \(error.code): \(error.message)")
    let event = naming.merging(["event": "refused", "code": error.code, "message": error.message]) { $1 }
    if json, let line = jsonLine(event) { printNow(line) }
}
