import FerryCore
import FerryIO
import HTTPTypes
import Hummingbird
import NIOCore

extension StorageService {
    static let tahoeAuthorization = HTTPField.Name("X-Tahoe-Authorization")!

    /// Checks the swissnum (401), the `X-Tahoe-Authorization` secrets (400) and that the
    /// client accepts CBOR (406), runs `body`, and turns any ``StorageError`` into its status
    /// with a CBOR `{code, message}` body.
    func handle(_ request: Request, _ context: NodeRequestContext, secrets required: Set<SecretKind> = [],
                _ body: ([SecretKind: [UInt8]]) async throws -> Response) async -> Response {
        guard RequestHeaders.authorizes(request.headers[.authorization], swissnum: swissnum) else {
            refusals.refused(request.method.rawValue, request.uri.path, from: context.client)
            return Self.failure(.unauthorized)
        }
        guard RequestHeaders.acceptsCBOR(request.headers[.accept]) else {
            return Response(status: .notAcceptable)
        }
        do {
            let secrets = try RequestHeaders.secrets(request.headers[values: Self.tahoeAuthorization], required: required)
            return try await body(secrets)
        } catch let error as StorageError {
            guard case .io(let why) = error else { return Self.failure(error) }
            return Self.failure(Self.logged(why, request))
        } catch {
            return Self.failure(Self.logged("\(error)", request))
        }
    }

    /// A fault of the server's own files: in its log in full, to the client without the
    /// server's paths.
    static func logged(_ why: String, _ request: Request) -> StorageError {
        NodeLog.write("storage: \(request.method) \(request.uri.path) failed: \(why)")
        return .io("the server could not read or write its files (its log says why)")
    }

    static func failure(_ error: StorageError) -> Response {
        var response = cbor(Messages.error(error))
        response.status = HTTPResponse.Status(code: error.httpStatus)
        return response
    }

    static func cbor(_ value: CBORValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/cbor"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: CBORWire.encode(value))))
    }

    /// The request's CBOR body (at most ``maximumMessage`` bytes).
    static func message(_ request: Request) async throws(StorageError) -> CBORValue {
        let body = request.body
        let buffer: ByteBuffer
        do { buffer = try await body.collect(upTo: maximumMessage) } catch { throw .badRequest("body too large or unreadable") }
        return try CBORWire.decode(Array(buffer.readableBytesView))
    }

    static func index(_ context: NodeRequestContext) throws(StorageError) -> StorageIndex {
        guard let text = context.parameters.get("si") else { throw .badRequest("missing storage index") }
        do { return try StorageIndex(base32: text) } catch { throw .badRequest("bad storage index") }
    }

    static func share(_ context: NodeRequestContext) throws(StorageError) -> Int {
        guard let text = context.parameters.get("share"), (1...3).contains(text.count), text.allSatisfy(\.isASCII),
              let number = Int(text), (0..<UploadRules.maximumShares).contains(number) else {
            throw .badRequest("bad share number")
        }
        return number
    }
}
