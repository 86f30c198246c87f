import AsyncHTTPClient
import FerryCore
import FerryHelper
import FerryHelperProtocol
@testable import FerryStorage
import Foundation
import NIOCore
import NIOHTTP1

/// Raw helper-protocol requests for HTTP-level tests, over the storage client's pinned TLS
/// and swissnum authorization (the helper uses the same scheme).
struct HelperWire {
    let client: StorageClient
    let index: StorageIndex

    var path: String { "/helper/v1/upload/\(index.base32)" }

    func ask(_ ticket: UploadTicket) async throws -> (Int, CBORValue?) {
        let (status, _, body) = try await client.send(.POST, path, body: CBOREncoder.encode(HelperMessages.ask(ticket)))
        return (status, try? CBORDecoder.decode(body))
    }

    /// The parsed answer of an ask (nil when it was an error).
    func answer(_ ticket: UploadTicket) async throws -> AskAnswer? {
        try await ask(ticket).1.flatMap { try? HelperMessages.parseAnswer($0) }
    }

    func head() async throws -> (status: Int, offset: UInt64?, complete: String?) {
        let (status, headers, _) = try await client.send(.HEAD, path)
        return (status, headers.first(name: "Upload-Offset").flatMap { UInt64($0) }, headers.first(name: "Upload-Complete"))
    }

    func patch(at offset: UInt64, _ bytes: [UInt8], complete: Bool? = nil, extra: [(String, String)] = []) async throws
        -> (status: Int, offset: UInt64?, code: String?) {
        var headers = [("Upload-Offset", String(offset))] + extra
        if let complete { headers.append(("Upload-Complete", complete ? "?1" : "?0")) }
        let (status, answer, body) = try await client.send(.PATCH, path, headers: headers, body: bytes, contentType: "application/octet-stream")
        let code = (try? CBORDecoder.decode(body))?["code"]?.textValue
        return (status, answer.first(name: "Upload-Offset").flatMap { UInt64($0) }, code)
    }

    /// A PATCH whose body is streamed from `body`, for cuts and takeovers.
    func streamingPatch(at offset: UInt64, length: Int, body: PacedBody) async throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "https://\(client.nurl.host):\(client.nurl.port)\(path)")
        request.method = .PATCH
        request.tlsConfiguration = try await client.tlsConfiguration()
        request.headers.add(name: "Authorization", value: client.authorization)
        request.headers.add(name: "Upload-Offset", value: String(offset))
        request.body = .stream(body, length: .known(Int64(length)))
        return request
    }
}
