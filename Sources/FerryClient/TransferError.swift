import FerryCore
import Glibc
import FerryHelperProtocol
import FerryIO
import FerryStorage

/// Every failure of an upload or download, with a stable ``code`` and whether retrying can
/// help: the engine retries the retryable ones by itself and shows the rest.
public enum TransferError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The helper answered with an error.
    case helper(HelperError)
    /// A connection failed, broke or stalled, or a storage server answered with an error.
    case storage(StorageError)
    /// The local file: missing, unreadable, changed while being sent, or the destination
    /// cannot be written (`file.*` codes).
    case file(code: String, message: String)
    /// Bytes did not verify (a helper's URI extension block, a share, the whole file).
    case integrity(String)
    /// A cap that cannot be read.
    case badCap(String)
    /// Every storage server answered, and too few of them hold the file.
    case notFound(String)
    /// Servers refused Ferry for good (a wrong swissnum, token or TLS key in their NURLs):
    /// storage servers, too few shares being found without them, or the helper. The refusal's
    /// code (`storage.unauthorized`, `storage.wrong_server_key`, `helper.unauthorized`), and a
    /// message naming the servers and the settings to check.
    case refused(code: String, message: String)
    /// Stopped on request (pause, remove, quit).
    case cancelled

    public var code: String {
        switch self {
        case .helper(let error): error.code
        case .storage(let error): error.code
        case .file(let code, _), .refused(let code, _): code
        case .integrity: "transfer.integrity"
        case .badCap: "transfer.bad_cap"
        case .notFound: "transfer.not_found"
        case .cancelled: "transfer.cancelled"
        }
    }

    public var message: String {
        switch self {
        case .helper(let error): error.message
        case .storage(let error): error.message
        case .file(_, let message), .refused(_, let message), .integrity(let message), .badCap(let message), .notFound(let message): message
        case .cancelled: "cancelled"
        }
    }

    /// Whether the same step may succeed later: broken connections, stalls, a busy or
    /// short-handed helper, 5xx answers. Auth, bad input and integrity failures are final.
    public var isRetryable: Bool {
        switch self {
        case .helper(let error): error.isRetryable
        case .storage(let error): error.isRetryable
        case .file, .refused, .integrity, .badCap, .notFound, .cancelled: false
        }
    }

    public var description: String { "\(code): \(message)" }

    /// The code of a streamed download whose reader closed the stream before the end (a
    /// broken pipe): `ferry get` then ends quietly with 141, as `cat` killed by SIGPIPE.
    public static let outputClosed = "output.closed"

    /// A local file error, with `file.not_found`, `file.unreadable` or `file.io`.
    public static func file(_ error: FileError) -> TransferError {
        switch error.errno {
        case ENOENT, ENOTDIR: .file(code: "file.not_found", message: error.message)
        case EACCES, EPERM, EISDIR, ELOOP: .file(code: "file.unreadable", message: error.message)
        default: .file(code: "file.io", message: error.message)
        }
    }

    /// A write that failed: `file.no_space` when the file system is full (or the user's
    /// quota is), which a script may want to tell apart (free room, then resume), else
    /// `file.unwritable`.
    public static func unwritable(_ error: FileError) -> TransferError {
        error.isNoSpace ? .file(code: "file.no_space", message: error.message)
            : .file(code: "file.unwritable", message: error.message)
    }

    /// A FerryCore error met while reading or checking.
    public static func core(_ error: CoreError) -> TransferError {
        switch error {
        case .badCap, .badBase32: .badCap(error.message)
        case .integrity(let why): .integrity(why)
        default: .integrity(error.message)
        }
    }
}

extension TransferError {
    /// Any error met on the way, as a transfer error (for code that goes through untyped
    /// `rethrows` APIs such as `withUnsafeMutableBytes`).
    static func from(_ error: any Error) -> TransferError {
        switch error {
        case let error as TransferError: error
        case let error as CoreError: .core(error)
        case let error as FileError: .file(error)
        case is CancellationError: .cancelled
        default: .file(code: "file.io", message: "\(error)")
        }
    }

    /// Runs `body`, turning whatever it throws into a transfer error.
    static func typed<T>(_ body: () throws -> T) throws(TransferError) -> T {
        do { return try body() } catch { throw from(error) }
    }
}
