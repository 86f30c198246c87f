/// Every failure the helper reports, with a stable ``code``, a human ``message``, the HTTP
/// status it answers with (docs/PROTOCOL.md), and whether retrying can help.
public enum HelperError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Malformed path, header or body, or `Upload-Complete` with bytes missing (400).
    case badRequest(String)
    /// Missing or wrong authorization (401).
    case unauthorized
    /// No upload for this storage index (404).
    case notFound(String)
    /// `Upload-Offset` is not the helper's offset; carries the true one (409).
    case offsetMismatch(expected: UInt64)
    /// An ask names another size or encoding than the upload under way (409).
    case parametersMismatch(String)
    /// Ciphertext sent to an upload that is already complete (409).
    case notReceiving(String)
    /// A newer `PATCH` for the same upload took over from this one (409): another
    /// connection of this client's, or another client sending the same file. Ask again.
    case takenOver
    /// Declared size over the limit, or a body past the declared size (413).
    case tooLarge(String)
    /// Too many uploads at once (429).
    case busy(String)
    /// Shutting down, or not enough storage servers reachable (503).
    case unavailable(String)
    /// The spool would eat into the reserved disk space (507).
    case insufficientStorage(String)
    /// A local file-system failure (500).
    case io(String)
    /// The client's side only: the helper could not be reached, or its connection broke or
    /// stalled (never sent by a helper). Was `storage.transport` "(the helper)", which a
    /// script branching on the prefix took for the storage servers (a user test).
    case transport(String)

    public var code: String {
        switch self {
        case .badRequest: "helper.bad_request"
        case .unauthorized: "helper.unauthorized"
        case .notFound: "helper.not_found"
        case .offsetMismatch: "helper.offset_mismatch"
        case .parametersMismatch: "helper.parameters_mismatch"
        case .notReceiving: "helper.not_receiving"
        case .takenOver: "helper.taken_over"
        case .tooLarge: "helper.too_large"
        case .busy: "helper.busy"
        case .unavailable: "helper.unavailable"
        case .insufficientStorage: "helper.insufficient_storage"
        case .io: "helper.io"
        case .transport: "helper.transport"
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let why), .notFound(let why), .parametersMismatch(let why), .notReceiving(let why),
             .tooLarge(let why), .busy(let why), .unavailable(let why), .insufficientStorage(let why), .io(let why), .transport(let why): why
        case .unauthorized: "missing or wrong authorization"
        case .takenOver: "a newer request took over this upload"
        case .offsetMismatch(let expected): "the upload continues at byte \(expected)"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .notFound: 404
        case .offsetMismatch, .parametersMismatch, .notReceiving, .takenOver: 409
        case .tooLarge: 413
        case .busy: 429
        case .unavailable, .transport: 503
        case .insufficientStorage: 507
        case .io: 500
        }
    }

    /// Whether the same request may succeed later.
    public var isRetryable: Bool {
        switch self {
        case .busy, .unavailable, .insufficientStorage, .io, .transport: true
        default: false
        }
    }

    public var description: String { "\(code): \(message)" }
}
