import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// Short, human descriptions of connection-level failures (refused, reset, closed early,
/// stalled), instead of the nested dumps the networking types print.
enum TransportFailure {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .readTimeout: return "stalled: the server sent nothing for the idle timeout"
            case .writeTimeout: return "stalled: the server took nothing for the idle timeout"
            case .connectTimeout, .getConnectionFromPoolTimeout: return "stalled: no connection within the timeout"
            case .tlsHandshakeTimeout: return "stalled: no TLS handshake within the timeout"
            case .deadlineExceeded: return "stalled: no answer within the timeout"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return String(describing: error)
            }
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return describe(first.error) }
            // No address to try: the name did not resolve (it said "could not connect": operator test).
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "could not resolve the host name \(error.host)" }
            return "could not connect to \(error.host):\(error.port)"
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset by the server"
            case ETIMEDOUT: return "connection timed out"
            case EHOSTUNREACH, ENETUNREACH: return "host unreachable"
            default: return String(describing: error)
            }
        case HTTPParserError.invalidEOFState:
            return "the server closed the connection mid-answer"
        default:
            return String(describing: error)
        }
    }
}
