import ArgumentParser
import FerryAgent
import FerryClient
import FerryCore
import FerryHelperProtocol
import FerryIO
import FerryStorage
import FerryTerminal

/// What a command says of the error that stopped it: its stable code (none for a usage
/// error), its text, and the exit status. The `error:` line and a `--json` `failed` event
/// are both made from it.
struct Failure {
    let code: String?
    let message: String
    let status: ExitCode

    /// `error: <code>: <message>`, as standard error gets it.
    var line: String { "error: " + (code.map { "\($0): " } ?? "") + message }

    init(_ error: Error) {
        switch error {
        case let core as CoreError:
            (code, message, status) = (core.code, core.message, FerryExit.dataError)
        case let io as FileError:
            (code, message, status) = (io.code, io.message, io.isMissingInput ? FerryExit.noInput : FerryExit.ioError)
        case let config as ConfigError:
            (code, message, status) = (config.code, config.message, FerryExit.configError)
        case let helper as HelperError:
            (code, message, status) = (helper.code, helper.message, helper.isRetryable ? FerryExit.unavailable : FerryExit.dataError)
        case let transfer as TransferError:
            (code, message, status) = (transfer.code, transfer.message, FerryExit.status(code: transfer.code))
        case let agent as AgentError:
            (code, message, status) = (agent.code, agent.message, FerryExit.status(code: agent.code))
        case let storage as StorageError:
            (code, message, status) = (storage.code, storage.message, storage.isRetryable ? FerryExit.unavailable : FerryExit.dataError)
        case let terminal as TerminalError:
            // The screen asked for where none can be shown: a usage error with a code.
            (code, message, status) = (terminal.code, terminal.message, ExitCode.validationFailure)
        case let usage as ValidationError:
            (code, message, status) = (nil, usage.message, ExitCode.validationFailure)  // 64, as when ArgumentParser finds it
        default:
            (code, message, status) = (nil, "\(error)", ExitCode.failure)
        }
    }
}
