import AsyncHTTPClient
import FerryCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOSSL

/// A client of one storage server named by a NURL: TLS pinned to the NURL's key,
/// swissnum authorization, CBOR bodies, typed errors that say whether a retry can help.
/// Stalls are caught by the HTTP client's idle read/write timeouts, never by a deadline
/// on a whole request (that would kill long uploads).
public final class StorageClient: Sendable {
    public let nurl: NURL
    let http: HTTPClient
    /// How long a connection may stay silent (no bytes either way, or no TLS handshake).
    public let idleTimeout: TimeAmount
    /// The `Authorization` header sent: the NURL's swissnum, or a bearer token.
    public let authorization: String

    /// `http` should be made with ``makeHTTPClient(idleTimeout:)`` (the same timeout) and
    /// shut down by the caller.
    /// `bearerToken`, when given, is sent instead of the NURL's swissnum (a helper's
    /// configured tokens); the NURL still pins the TLS key.
    public init(nurl: NURL, http: HTTPClient, idleTimeout: TimeAmount = .seconds(10), bearerToken: String? = nil) {
        self.nurl = nurl
        self.http = http
        self.idleTimeout = idleTimeout
        self.authorization = bearerToken.map { "Bearer \($0)" } ?? nurl.authorization
    }

    /// An HTTP client whose connections give up after `idleTimeout` without bytes either way.
    public static func makeHTTPClient(idleTimeout: TimeAmount = .seconds(10)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: idleTimeout, read: idleTimeout, write: idleTimeout)
        // Every running upload holds a connection to the helper for its whole PATCH; with
        // AsyncHTTPClient's default of 8 per host, a ninth waited for one until the connect
        // timeout and failed ("stalled: no connection"). Ferry's own limit on active
        // transfers (at most 1000) is the one that counts.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1024
        // A connection that cannot be made fails its request at once: Ferry's own retry
        // policy waits and tries again, and a download sets the server aside for another
        // holder. AsyncHTTPClient's own retries hid a killed server behind the connect
        // timeout: a download crawled for 10 s before its share moved to another server.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Answers are read up to 1 MiB per socket read (``LargeReads``); AsyncHTTPClient hands
        // body parts to the reading task one at a time. A 1 GiB get took ~15 % less time and
        // CPU (docs/BENCHMARKS.md, session 11).
        configuration.http1_1ConnectionDebugInitializer = { channel in
            channel.setOption(ChannelOptions.recvAllocator, value: LargeReads.allocator(upTo: LargeReads.megabyte))
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Runs `body` with a client for `nurl` on its own HTTP client, shut down afterwards.
    public static func with<T: Sendable>(_ nurl: NURL, idleTimeout: TimeAmount = .seconds(10), bearerToken: String? = nil,
                                         _ body: (StorageClient) async throws -> T) async throws -> T {
        let http = makeHTTPClient(idleTimeout: idleTimeout)
        do {
            let result = try await body(StorageClient(nurl: nurl, http: http, idleTimeout: idleTimeout, bearerToken: bearerToken))
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// One request: pinned TLS, swissnum, secrets; returns the status and the whole body
    /// (at most `limit` bytes; in `buffer`, whose capacity is reused). Connection failures become ``StorageError/transport(_:)``.
    /// A streamed body made with a ``WatchedBody`` gives its `watch`: a server that stops
    /// taking it for the idle timeout fails the request as stalled (see ``BodyWatch``).
    public func send(_ method: HTTPMethod, _ path: String, secrets: [(SecretKind, [UInt8])] = [], headers extra: [(String, String)] = [],
              body: [UInt8]? = nil, stream: HTTPClientRequest.Body? = nil, watch: BodyWatch? = nil, contentType: String = "application/cbor",
              limit: Int = 64 << 20, into buffer: consuming [UInt8] = []) async throws(StorageError) -> (Int, HTTPHeaders, [UInt8]) {
        var request = HTTPClientRequest(url: "https://\(nurl.host.contains(":") ? "[\(nurl.host)]" : nurl.host):\(nurl.port)\(path)")
        request.method = method
        request.tlsConfiguration = try await tlsConfiguration()
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "Accept", value: "application/cbor")
        for (kind, bytes) in secrets { request.headers.add(name: "X-Tahoe-Authorization", value: "\(kind.rawValue) \(Data(bytes).base64EncodedString())") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        } else if let stream {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = stream
        }
        do {
            if let watch { return try await Self.watched(request, watch: watch, timeout: idleTimeout, http: http, limit: limit) }
            let response = try await http.execute(request, timeout: .hours(24 * 365))
            let bytes = try await ResponseBytes.collect(response, limit: limit, into: consume buffer)
            return (Int(response.status.code), response.headers, bytes)
        } catch is BodyWatch.Stalled {
            throw .transport("stalled: the server stopped reading for the idle timeout")
        } catch is CancellationError where Task.isCancelled {
            throw .transport("cancelled")
        } catch is CancellationError {
            // Not this task's: AsyncHTTPClient cancels the task feeding a request's body when
            // its connection is cut, and the body's own cancellation check then ended the
            // request. A broken connection, to retry (it failed an upload for good: CI).
            throw .transport("the connection broke while the body was sent")
        } catch is ResponseBytes.TooLarge {
            throw .transport("the server's answer is over \(limit) bytes")
        } catch {
            let failure = Self.classify(error)
            if failure == .wrongServerKey { CheckedPins.forget(nurl) }
            throw failure
        }
    }

    /// The exchange of a request whose streamed body is watched: it loses the race to
    /// the watch once the server stops taking the body.
    private static func watched(_ request: HTTPClientRequest, watch: BodyWatch, timeout: TimeAmount, http: HTTPClient,
                                limit: Int) async throws -> (Int, HTTPHeaders, [UInt8]) {
        let exchange = Task {
            let response = try await http.execute(request, timeout: .hours(24 * 365))
            let bytes = try await ResponseBytes.collect(response, limit: limit, into: [])
            return (Int(response.status.code), response.headers, bytes)
        }
        return try await watch.guarding(exchange, timeout: .nanoseconds(timeout.nanoseconds))
    }

    /// The pinned TLS settings, fetching and checking the server's certificate on first use
    /// in this process, unless a ``CertificateKeeper`` has it (``CheckedPins``).
    func tlsConfiguration() async throws(StorageError) -> TLSConfiguration {
        if let known = CheckedPins.settings(for: nurl) { return known }
        do {
            let certificate = try await PinnedTLS.fetchCertificate(for: nurl, timeout: idleTimeout)
            let configuration = PinnedTLS.clientConfiguration(trusting: certificate)
            CheckedPins.remember(configuration, certificate: certificate, for: nurl)
            return configuration
        } catch let error as StorageError {
            throw error
        } catch let error as NIOSSLError {
            throw error.isVerificationFailure ? .wrongServerKey : .transport("\(error)")
        } catch {
            throw Self.classify(error)
        }
    }

    /// Maps an HTTP error status (with Ferry's or Tahoe's body) to a typed error.
    static func failure(_ status: Int, _ body: [UInt8]) -> StorageError {
        var message = String(decoding: body.prefix(300), as: UTF8.self)
        if let value = try? CBORWire.decode(body), case .text(let text)? = Messages.field(value, "message") { message = text }
        let make: (String) -> StorageError = switch status {
        case 400: StorageError.badRequest
        case 401: { _ in .unauthorized }
        case 404: StorageError.notFound
        case 405: StorageError.notAllowed
        case 409: StorageError.conflict
        case 413: StorageError.tooLarge
        case 416: StorageError.rangeNotSatisfiable
        case 507: StorageError.insufficientStorage
        default: { .unexpectedStatus(status, $0) }
        }
        // A 404 with nothing to say: no storage server there (the helper's NURL listed among
        // the storage servers said "not found: "; operator test).
        if status == 404, message.isEmpty { message = "nothing answers by that path (no such share, or not a storage server: a helper's NURL?)" }
        // A Ferry server's message already starts as ours would ("too large: too large: …").
        let prefix = make("").message
        return make(!prefix.isEmpty && message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message)
    }

    /// Connection-level failures are worth retrying; say what happened.
    static func classify(_ error: any Error) -> StorageError {
        if let error = error as? StorageError { return error }
        if let error = error as? NIOSSLError, error.isVerificationFailure { return .wrongServerKey }
        return .transport(TransportFailure.describe(error))
    }
}

extension NIOSSLError {
    /// A handshake that failed because the peer's certificate was refused, as opposed to
    /// one cut short by the network (a reset or EOF mid-handshake is worth retrying; a wrong
    /// key is not).
    var isVerificationFailure: Bool {
        if case .handshakeFailed(let error) = self { return "\(error)".contains("CERTIFICATE_VERIFY_FAILED") }
        return false
    }
}
