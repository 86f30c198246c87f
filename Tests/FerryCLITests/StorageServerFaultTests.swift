import AsyncHTTPClient
@testable import FerryStorage
import FerryCore
import FerryTestSupport
import Foundation
import NIOCore
import Testing

/// Hostile or broken requests against a real `ferry storage serve` process.
@Suite(.serialized) struct StorageServerFaultTests {
    static let upload = try! UploadSecret(Array(repeating: 9, count: 32))
    static let lease = try! LeaseSecrets(renew: Array(repeating: 1, count: 32), cancel: Array(repeating: 2, count: 32))
    static let index = try! StorageIndex(bytes: Array(200..<216))
    static let allocateSecrets: [(SecretKind, [UInt8])] = [(.leaseRenew, lease.renew), (.leaseCancel, lease.cancel), (.upload, upload.bytes)]

    @Test func malformedRequestsGetClearErrors() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        try await StorageClient.with(server.nurl) { client in
            let path = "/storage/v1/immutable/\(Self.index.base32)"
            let cbor = try await client.send(.POST, path, secrets: Self.allocateSecrets, body: [0xa1, 0x61])
            #expect(cbor.0 == 400 && StorageClient.failure(cbor.0, cbor.2).code == "storage.bad_request")
            let huge = try await client.send(.POST, path, secrets: Self.allocateSecrets,
                                             body: CBORWire.encode(Messages.allocateRequest(shares: [0], size: 1 << 62)))
            #expect(huge.0 == 413 || huge.0 == 507, "huge allocation: \(huge.0)")
            for bad in ["/storage/v1/immutable/..%2F..%2Fetc/0", "/storage/v1/immutable/\(Self.index.base32)/..%2F1",
                        "/storage/v1/immutable/\(Self.index.base32.uppercased())/shares", "/storage/v1/immutable/\(Self.index.base32)/-1",
                        "/storage/v1/immutable/\(Self.index.base32)/0001", "/storage/v1/immutable/abc/shares"] {
                let answer = try await client.send(.GET, bad)
                #expect(answer.0 == 400 || answer.0 == 404, "\(bad) → \(answer.0)")
            }
            _ = try await client.allocate(Self.index, shares: [0], size: 100, upload: Self.upload, lease: Self.lease)
            let share = "\(path)/0"
            let long = try await client.send(.PATCH, share, secrets: [(.upload, Self.upload.bytes)],
                                             headers: [("Content-Range", "bytes 0-9/*")], body: Array(repeating: 1, count: 20),
                                             contentType: "application/octet-stream")
            #expect(long.0 == 400, "body longer than its Content-Range")
            for range in ["bytes 0-9", "bytes 9-0/*", "bytes=0-9", "bytes 95-104/*"] {
                let answer = try await client.send(.PATCH, share, secrets: [(.upload, Self.upload.bytes)], headers: [("Content-Range", range)],
                                                   body: Array(repeating: 1, count: 10), contentType: "application/octet-stream")
                #expect(answer.0 == 416, "\(range) → \(answer.0)")
            }
            let noSecret = try await client.send(.PATCH, share, headers: [("Content-Range", "bytes 0-0/*")], body: [1], contentType: "application/octet-stream")
            #expect(noSecret.0 == 400)
            #expect(try await client.write(Self.index, share: 0, at: 0, [7], upload: Self.upload) == .partial(required: [1..<100]),
                    "none of the refused requests wrote anything")
        }
    }

    @Test func clientVanishingMidPatchLosesNothingStored() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let data = PatternBytes.linear(3 << 20, times: 11, plus: 7)
        try await StorageClient.with(server.nurl) { client in
            _ = try await client.allocate(Self.index, shares: [1], size: UInt64(data.count), upload: Self.upload, lease: Self.lease)
            let sent = Array(data[0..<(2 << 20) + 12345])
            let request = try await Self.streamingPatch(client, share: 1, total: data.count,
                                                        body: PacedBody(bytes: sent, pause: .zero, failAtEnd: true))
            await #expect(throws: (any Error).self) { _ = try await client.http.execute(request, timeout: .seconds(30)) }
            // The server notices the broken body a moment after the client gives up: ask until
            // it has kept what arrived (or ten seconds pass).
            var first = try await client.write(Self.index, share: 1, at: 0, [data[0]], upload: Self.upload)
            for _ in 0..<200 {
                guard case .partial(let required) = first, (required.first?.lowerBound ?? 0) < 1 << 20 else { break }
                try await Task.sleep(for: .milliseconds(50))
                first = try await client.write(Self.index, share: 1, at: 0, [data[0]], upload: Self.upload)
            }
            guard case .partial(let required) = first, let resume = required.first?.lowerBound else {
                Issue.record("expected a partial share, got \(first)")
                return
            }
            #expect(required.count == 1 && resume >= 1 << 20 && resume <= UInt64(sent.count),
                    "what arrived before the client vanished is kept (resume at \(resume))")
            try await client.uploadShare(Self.index, share: 1, upload: Self.upload) { Array(data[Int($0.lowerBound)..<Int($0.upperBound)]) }
            #expect(try await client.read(Self.index, share: 1, range: 0..<UInt64(data.count)) == data)
        }
    }

    @Test func killNineDuringAWriteThenResume() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let data = PatternBytes.linear(40 << 20, times: 3, plus: 1)
        let complete = Array(data[0..<1000])
        try await StorageClient.with(server.nurl) { client in
            _ = try await client.allocate(Self.index, shares: [0, 2], size: UInt64(data.count), upload: Self.upload, lease: Self.lease)
            _ = try await client.allocate(Self.index, shares: [9], size: 1000, upload: Self.upload, lease: Self.lease)
            #expect(try await client.write(Self.index, share: 9, at: 0, complete, upload: Self.upload) == .complete)
            let request = try await Self.streamingPatch(client, share: 0, total: data.count,
                                                        body: PacedBody(bytes: data, pause: .milliseconds(5), failAtEnd: false))
            async let big = client.http.execute(request, timeout: .seconds(60))
            // Kill as soon as the server has committed a piece (logged it after fdatasync),
            // while most of the body is still to come.
            let log = StoreLayout(root: server.basedir + "/storage").incomingRanges(Self.index, 0)
            func logged() -> Int { ((try? FileManager.default.attributesOfItem(atPath: log))?[.size] as? NSNumber)?.intValue ?? 0 }
            let deadline = ContinuousClock.now + .seconds(20)
            while logged() < 16, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            await server.killHard()
            _ = try? await big
        }
        try await server.restart()
        try await StorageClient.with(server.nurl) { client in
            #expect(try await client.allocate(Self.index, shares: [0, 9], size: UInt64(data.count), upload: Self.upload, lease: Self.lease)
                == Allocation(alreadyHave: [9], allocated: [0]))
            let probe = try await client.write(Self.index, share: 0, at: 0, [data[0]], upload: Self.upload)
            guard case .partial(let required) = probe, let resume = required.first?.lowerBound else {
                Issue.record("the kill came too late: \(probe)")
                return
            }
            #expect(resume >= UInt64(StorageService.commitInterval) && resume < UInt64(data.count),
                    "committed progress before the kill is kept (resume at \(resume))")
            try await client.uploadShare(Self.index, share: 0, upload: Self.upload) { Array(data[Int($0.lowerBound)..<Int($0.upperBound)]) }
            #expect(try await client.read(Self.index, share: 0, range: 0..<UInt64(data.count)) == data)
            #expect(try await client.read(Self.index, share: 9, range: 0..<1000) == complete, "the complete share is untouched")
        }
    }
}

extension StorageServerFaultTests {
    /// A PATCH of a whole share (`total` bytes) whose body is streamed from `body`.
    static func streamingPatch(_ client: StorageClient, share: Int, total: Int, body: PacedBody) async throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "https://\(client.nurl.host):\(client.nurl.port)/storage/v1/immutable/\(index.base32)/\(share)")
        request.method = .PATCH
        request.tlsConfiguration = try await client.tlsConfiguration()
        request.headers.add(name: "Authorization", value: client.nurl.authorization)
        request.headers.add(name: "X-Tahoe-Authorization", value: "upload-secret \(Data(upload.bytes).base64EncodedString())")
        request.headers.add(name: "Content-Range", value: "bytes 0-\(total - 1)/*")
        request.body = .stream(body, length: .known(Int64(total)))
        return request
    }
}

/// A request body sent in 64 KiB pieces with a pause between them; it may end by failing
/// as if the client died.
struct PacedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let bytes: [UInt8]
    let pause: Duration
    let failAtEnd: Bool

    struct Broken: Error {}

    func makeAsyncIterator() -> Iterator { Iterator(body: self) }

    struct Iterator: AsyncIteratorProtocol {
        let body: PacedBody
        var offset = 0

        mutating func next() async throws -> ByteBuffer? {
            guard offset < body.bytes.count else {
                if body.failAtEnd { throw Broken() }
                return nil
            }
            if body.pause > .zero { try await Task.sleep(for: body.pause) }
            let end = Swift.min(body.bytes.count, offset + 65536)
            defer { offset = end }
            return ByteBuffer(bytes: body.bytes[offset..<end])
        }
    }
}
