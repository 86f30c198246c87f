/// Every failure FerryStorage reports, with a stable ``code``, a human ``message``, the
/// HTTP status a server answers with, and whether retrying can help.
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A CBOR body is malformed or does not have the expected shape.
    case badCBOR(String)
    /// A request is malformed (bad storage index, share number, header, range…).
    case badRequest(String)
    /// Missing or wrong swissnum (401).
    case unauthorized
    /// A required `X-Tahoe-Authorization` secret is missing or malformed (400).
    case badSecret(String)
    /// No such storage index, share or upload (404).
    case notFound(String)
    /// Data conflicts with what is already written (409).
    case conflict(String)
    /// A Content-Range is missing, malformed or outside the share (416).
    case rangeNotSatisfiable(String)
    /// The request would exceed the maximum share size (413).
    case tooLarge(String)
    /// Not enough free space for the allocation (507).
    case insufficientStorage(String)
    /// The operation is not allowed in the current state (405).
    case notAllowed(String)
    /// A local file-system failure.
    case io(String)
    /// The server answered with a status the client did not expect (code, server's message).
    case unexpectedStatus(Int, String)
    /// The connection failed, broke or stalled; the text says how.
    case transport(String)
    /// The server's TLS key is not the one its NURL pins.
    case wrongServerKey

    public var code: String {
        switch self {
        case .badCBOR: "storage.bad_cbor"
        case .badRequest: "storage.bad_request"
        case .unauthorized: "storage.unauthorized"
        case .badSecret: "storage.bad_secret"
        case .notFound: "storage.not_found"
        case .conflict: "storage.conflict"
        case .rangeNotSatisfiable: "storage.range_not_satisfiable"
        case .tooLarge: "storage.too_large"
        case .insufficientStorage: "storage.insufficient_storage"
        case .notAllowed: "storage.not_allowed"
        case .io: "storage.io"
        case .unexpectedStatus: "storage.unexpected_status"
        case .transport: "storage.transport"
        case .wrongServerKey: "storage.wrong_server_key"
        }
    }

    public var message: String {
        switch self {
        case .badCBOR(let why): "malformed CBOR: \(why)"
        case .badRequest(let why): "bad request: \(why)"
        case .unauthorized: "unauthorized: wrong or missing swissnum"
        case .badSecret(let why): "bad X-Tahoe-Authorization secret: \(why)"
        case .notFound(let what): "not found: \(what)"
        case .conflict(let why): "conflict: \(why)"
        case .rangeNotSatisfiable(let why): "range not satisfiable: \(why)"
        case .tooLarge(let why): "too large: \(why)"
        case .insufficientStorage(let why): "insufficient storage: \(why)"
        case .notAllowed(let why): "not allowed: \(why)"
        case .io(let why): "storage I/O failed: \(why)"
        case .unexpectedStatus(let status, let why): "server answered \(status): \(why)"
        case .transport(let why): "connection failed: \(why)"
        case .wrongServerKey: "the server's TLS key does not match its NURL"
        }
    }

    /// The HTTP status a server answers this error with.
    public var httpStatus: Int {
        switch self {
        case .badCBOR, .badRequest, .badSecret: 400
        case .unauthorized: 401
        case .notFound: 404
        case .notAllowed: 405
        case .conflict: 409
        case .tooLarge: 413
        case .rangeNotSatisfiable: 416
        case .insufficientStorage: 507
        case .io: 500
        case .unexpectedStatus(let status, _): status
        case .transport: 503
        case .wrongServerKey: 495
        }
    }

    /// Whether the same request may succeed later (server-side trouble, not a client bug).
    public var isRetryable: Bool {
        switch self {
        case .io, .insufficientStorage, .transport: true
        case .unexpectedStatus(let status, _): status >= 500 || status == 408 || status == 429
        default: false
        }
    }

    public var description: String { "\(code): \(message)" }
}
