import AsyncHTTPClient
import FerryCore
import FerryHelperProtocol
import FerryStorage
import NIOCore
import NIOHTTP1
import Synchronization

/// The client side of the helper protocol (docs/PROTOCOL.md) over a node connection
/// (pinned TLS, swissnum or bearer token, idle timeouts).
public struct HelperClient: Sendable {
    public let transport: StorageClient

    /// The longest a progress request is held by the helper, in seconds: under the
    /// connection's idle timeout, so waiting is never mistaken for a stall.
    public var longestWait: Int { max(1, Int(transport.idleTimeout.nanoseconds / 1_000_000_000) / 2) }

    public init(transport: StorageClient) {
        self.transport = transport
    }

    static func path(_ index: StorageIndex) -> String { "/helper/v1/upload/\(index.base32)" }

    /// Asks about `index`: where to go on from, or that nothing needs sending.
    public func ask(_ index: StorageIndex, _ ticket: UploadTicket) async throws(TransferError) -> AskAnswer {
        let value = try await request(.POST, Self.path(index), body: CBOREncoder.encode(HelperMessages.ask(ticket)))
        do { return try HelperMessages.parseAnswer(value) } catch { throw .helper(error) }
    }

    /// The helper's durable offset for `index`, and whether the ciphertext is complete.
    public func offset(_ index: StorageIndex) async throws(TransferError) -> (offset: UInt64, complete: Bool) {
        let (status, headers, body) = try await send(.HEAD, Self.path(index))
        guard status == 204, let offset = headers.first(name: "Upload-Offset").flatMap(UInt64.init) else {
            throw Self.failure(status, (try? CBORDecoder.decode(body)) ?? .null, token: usesToken)
        }
        return (offset, headers.first(name: "Upload-Complete") == "?1")
    }

    /// Sends `length` bytes of ciphertext from `body` at `offset`, marked as the last piece
    /// when `complete`; returns the helper's new offset.
    /// A helper that stops taking the body for the idle timeout fails it as stalled, unless
    /// its progress says bytes still arrive (a slow link behind deep buffers).
    public func append<Body: AsyncSequence & Sendable>(_ index: StorageIndex, at offset: UInt64, length: UInt64, complete: Bool,
                                                       body: Body) async throws(TransferError) -> UInt64 where Body.Element == ByteBuffer {
        let headers = [("Upload-Offset", String(offset)), ("Upload-Complete", complete ? "?1" : "?0")]
        let seen = Mutex(offset)
        let watch = BodyWatch(stillArriving: { [self] in
            guard let arrived = try? await progress(index).arrived else { return false }
            return seen.withLock { seen in
                defer { seen = max(seen, arrived) }
                return arrived > seen
            }
        })
        let (status, answer, reply) = try await send(.PATCH, Self.path(index), headers: headers,
                                                     stream: .stream(WatchedBody(body, watch: watch), length: .known(Int64(length))), watch: watch,
                                                     contentType: "application/octet-stream")
        guard status == 204, let acknowledged = answer.first(name: "Upload-Offset").flatMap(UInt64.init) else {
            throw Self.failure(status, (try? CBORDecoder.decode(reply)) ?? .null, token: usesToken)
        }
        return acknowledged
    }

    /// The progress resource; with `after`, held until the revision passes it or
    /// ``longestWait`` seconds go by.
    public func progress(_ index: StorageIndex, after revision: UInt64? = nil) async throws(TransferError) -> HelperProgress {
        let query = revision.map { "?after=\($0)&wait=\(longestWait)" } ?? ""
        let value = try await request(.GET, Self.path(index) + "/progress" + query)
        do { return try HelperProgress(parsing: value) } catch { throw .helper(error) }
    }

    /// Whether the helper answers (its version resource); throws the reason if not.
    public func ping() async throws(TransferError) {
        _ = try await request(.GET, "/helper/v1/version")
    }

    /// How many storage servers the helper pushes to, and how many answer it now.
    public func servers() async throws(TransferError) -> ServerCount {
        let value = try await request(.GET, "/helper/v1/servers")
        do { return try HelperMessages.parseServers(value) } catch { throw .helper(error) }
    }

    /// Stops the upload and removes what the helper kept of it.
    public func abort(_ index: StorageIndex) async throws(TransferError) {
        _ = try await request(.DELETE, Self.path(index), expecting: 204)
    }

    /// One request whose answer is CBOR (or empty); an error status becomes the helper's error.
    private func request(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, expecting: Int = 200) async throws(TransferError) -> CBORValue {
        let (status, _, reply) = try await send(method, path, body: body)
        let value = reply.isEmpty ? CBORValue.null : ((try? CBORDecoder.decode(reply)) ?? .null)
        guard status == expecting else { throw Self.failure(status, value, token: usesToken) }
        return value
    }

    private func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                      stream: HTTPClientRequest.Body? = nil, watch: BodyWatch? = nil, contentType: String = "application/cbor")
        async throws(TransferError) -> (Int, HTTPHeaders, [UInt8]) {
        do {
            return try await transport.send(method, path, headers: headers, body: body, stream: stream, watch: watch, contentType: contentType)
        } catch .transport("cancelled") {
            throw .cancelled
        } catch .transport(let why) {
            throw .helper(.transport(why))
        } catch .wrongServerKey {
            throw .refused(code: StorageError.wrongServerKey.code,
                           message: "the helper's TLS key does not match its NURL; check grid.helper in the config, or FERRY_HELPER")
        } catch {
            throw .storage(error)
        }
    }

    /// Whether requests carry a token in place of the NURL's swissnum.
    var usesToken: Bool { transport.authorization.hasPrefix("Bearer ") }

    /// The helper's error answer. A refused authorization says where the secret comes from:
    /// the token when one is sent (it named the swissnum, which then plays no part).
    static func failure(_ status: Int, _ value: CBORValue, token: Bool = false) -> TransferError {
        let error = HelperMessages.parseError(status: status, value)
        // A 404 the helper's own code does not explain: no helper there at all (a storage
        // server's NURL given as the helper's said only "HTTP 404"; operator test).
        if status == 404, value["code"]?.textValue?.hasPrefix("helper.") != true {
            return .refused(code: "helper.not_found", message: "no helper answers at this NURL (a storage server's NURL given as the helper's?); "
                            + "check grid.helper in the config (or FERRY_HELPER)")
        }
        guard error == .unauthorized else { return .helper(error) }
        guard token else {
            return .refused(code: error.code, message: "\(error.message): check the swissnum in grid.helper in the config (or FERRY_HELPER)")
        }
        return .refused(code: error.code, message: "\(error.message): check grid.helper_token in the config (or FERRY_HELPER_TOKEN); "
                        + "with a token, the NURL's swissnum is not sent")
    }
}
