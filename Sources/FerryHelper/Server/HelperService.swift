import FerryCore
import FerryHelperProtocol
import FerryIO
import FerryStorage
import HTTPTypes
import Hummingbird
import NIOCore

/// The helper protocol's HTTP endpoints (docs/PROTOCOL.md) over an ``UploadRegistry``.
public struct HelperService: Sendable {
    let registry: UploadRegistry
    /// Answers "already in the grid" for storage indexes the helper has no upload of.
    let grid: PushCoordinator?
    let swissnum: String
    /// Bearer tokens accepted besides the swissnum.
    let tokens: [String]
    let storageServers: Int
    let applicationVersion: String
    let refusals = RefusalLog(name: "helper")

    static let uploadOffset = HTTPField.Name("Upload-Offset")!
    static let uploadLength = HTTPField.Name("Upload-Length")!
    static let uploadComplete = HTTPField.Name("Upload-Complete")!
    /// Ciphertext handed to the registry per write while a PATCH body streams in.
    static let writePiece = 1 << 20
    /// Seconds a client told `helper.busy` should wait before asking again.
    static let retryAfterBusy = 30
    /// Longest a progress request may be held waiting for a change, in seconds.
    static let longestWait = 60
    /// Largest CBOR request body accepted.
    static let maximumMessage = 64 * 1024

    public init(registry: UploadRegistry, grid: PushCoordinator?, swissnum: String, tokens: [String] = [], storageServers: Int,
                applicationVersion: String = "ferry/0.1") {
        self.registry = registry
        self.grid = grid
        self.swissnum = swissnum
        self.tokens = tokens
        self.storageServers = storageServers
        self.applicationVersion = applicationVersion
    }

    public func router() -> Router<NodeRequestContext> {
        let router = Router(context: NodeRequestContext.self)
        let prefix = "/helper/v1"
        router.get("\(prefix)/version") { request, context in
            await handle(request, context) {
                Self.cbor(HelperMessages.version(maximumUploadSize: registry.limits.maximumUploadSize,
                                                 storageServers: storageServers, applicationVersion: applicationVersion))
            }
        }
        router.get("\(prefix)/servers") { request, context in
            await handle(request, context) {
                Self.cbor(HelperMessages.servers(ServerCount(total: storageServers, answering: await grid?.answering() ?? 0)))
            }
        }
        router.post("\(prefix)/upload/:si") { request, context in
            await handle(request, context) {
                let ticket = try HelperMessages.parseAsk(try await Self.message(request))
                let index = try Self.index(context)
                let known = await registry.knows(index)
                if let grid, !known, let result = await grid.inGrid(index, ticket) {
                    NodeLog.write("helper: upload \(index.base32): already in the grid (happiness \(result.happiness))")
                    return Self.cbor(HelperMessages.answer(.inGrid(result)))
                }
                let answer: AskAnswer
                do { answer = try await registry.ask(index, ticket) } catch let error as HelperError {
                    // A refused ask is the operator's business too (a limit, a full disk).
                    if !error.isRetryable || error.code == "helper.insufficient_storage" {
                        NodeLog.write("helper: upload \(index.base32) refused: \(error.code): \(error.message)")
                    }
                    throw error
                }
                if !known {
                    let encoding = ticket.encoding
                    NodeLog.write("helper: upload \(index.base32): receiving \(ticket.size) bytes (\(encoding.needed) of \(encoding.total), happiness \(encoding.happy))")
                }
                return Self.cbor(HelperMessages.answer(answer))
            }
        }
        router.head("\(prefix)/upload/:si") { request, context in
            await handle(request, context) {
                let state = try await registry.offset(try Self.index(context))
                return Response(status: .noContent, headers: [Self.uploadOffset: String(state.offset), Self.uploadLength: String(state.size),
                                                              Self.uploadComplete: state.complete ? "?1" : "?0"])
            }
        }
        router.patch("\(prefix)/upload/:si") { request, context in
            await handle(request, context) { try await append(request, index: try Self.index(context)) }
        }
        router.get("\(prefix)/upload/:si/progress") { request, context in
            await handle(request, context) {
                let index = try Self.index(context)
                let query = request.uri.queryParameters
                if let after = query["after"].flatMap({ UInt64($0) }) {
                    let wait = min(query["wait"].flatMap { Int($0) } ?? 30, Self.longestWait)
                    try await registry.waitForChange(index, after: after, seconds: wait)
                }
                return Self.cbor(try await progress(index))
            }
        }
        router.delete("\(prefix)/upload/:si") { request, context in
            await handle(request, context) {
                try await registry.abort(try Self.index(context))
                return Response(status: .noContent)
            }
        }
        return router
    }

    /// Checks authorization, runs `body`, turns a ``HelperError`` into its status and body.
    func handle(_ request: Request, _ context: NodeRequestContext, _ body: () async throws -> Response) async -> Response {
        guard RequestHeaders.authorizes(request.headers[.authorization], swissnum: swissnum, bearerTokens: tokens) else {
            refusals.refused(request.method.rawValue, request.uri.path, from: context.client)
            return Self.failure(.unauthorized)
        }
        do {
            return try await body()
        } catch let error as HelperError {
            return Self.failure(error)
        } catch let error as StorageError {
            return Self.failure(.badRequest(error.message))
        } catch {
            return Self.failure(.io("\(error)"))
        }
    }

    static func failure(_ error: HelperError) -> Response {
        var response = cbor(HelperMessages.error(error))
        response.status = HTTPResponse.Status(code: error.httpStatus)
        if case .offsetMismatch(let expected) = error { response.headers[uploadOffset] = String(expected) }
        if case .busy = error { response.headers[.retryAfter] = String(retryAfterBusy) }
        return response
    }

    static func cbor(_ value: CBORValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/cbor"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: CBOREncoder.encode(value))))
    }

    static func message(_ request: Request) async throws(HelperError) -> CBORValue {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maximumMessage) } catch { throw .badRequest("body too large or unreadable") }
        do { return try CBORDecoder.decode(Array(buffer.readableBytesView)) } catch { throw .badRequest(error.message) }
    }

    static func index(_ context: NodeRequestContext) throws(HelperError) -> StorageIndex {
        guard let text = context.parameters.get("si"), let index = try? StorageIndex(base32: text), index.base32 == text else {
            throw .badRequest("the path needs a storage index (26 lower-case base32 characters)")
        }
        return index
    }
}
