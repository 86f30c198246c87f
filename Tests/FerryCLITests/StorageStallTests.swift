import AsyncHTTPClient
@testable import FerryStorage
import FerryCore
import FerryTestSupport
import Foundation
import NIOCore
import Testing

/// A server that goes silent (SIGSTOP: connections open, nothing read or sent) is caught by
/// the client's idle timeouts at every stage, as a retryable "stalled" error, and the
/// upload then resumes from what the server kept.
@Suite(.serialized) struct StorageStallTests {
    static let upload = try! UploadSecret(Array(repeating: 4, count: 32))
    static let lease = try! LeaseSecrets(renew: Array(repeating: 1, count: 32), cancel: Array(repeating: 2, count: 32))
    static let index = try! StorageIndex(bytes: Array(60..<76))
    static let data = PatternBytes.linear(48 << 20, times: 11, plus: 3)

    /// Unfreezes the server after a minute, so a missed stall fails the test instead of hanging it.
    static func watchdog(_ server: NodeProcess) -> Task<Void, Never> {
        let pid = server.process.processIdentifier
        return Task {
            try? await Task.sleep(for: .seconds(60))
            if !Task.isCancelled { kill(pid, SIGCONT) }
        }
    }

    static func expectStall(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("the silent server was not noticed", sourceLocation: sourceLocation)
        } catch let error as StorageError {
            #expect(error.code == "storage.transport" && error.isRetryable, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains("stalled"), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("untyped: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aStalledUploadFailsAsStalledThenResumes() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let data = Self.data
        try await StorageClient.with(server.nurl, idleTimeout: .seconds(1)) { client in
            _ = try await client.allocate(Self.index, shares: [0], size: UInt64(data.count), upload: Self.upload, lease: Self.lease)
            _ = try await client.write(Self.index, share: 0, at: 0, Array(data[0..<1000]), upload: Self.upload)
            server.pause()
            let watchdog = Self.watchdog(server)
            await Self.expectStall {
                _ = try await client.write(Self.index, share: 0, at: 1000, Array(data[1000...]), upload: Self.upload)
            }
            watchdog.cancel()
            server.unpause()
        }
        // Resume as the engine will: a client with the default idle timeout, retrying
        // retryable errors (the woken server first digests what the old connection still held).
        try await StorageClient.with(server.nurl) { client in
            for attempt in 1...5 {
                do {
                    try await client.uploadShare(Self.index, share: 0, upload: Self.upload) { Array(data[Int($0.lowerBound)..<Int($0.upperBound)]) }
                    break
                } catch let error as StorageError where error.isRetryable && attempt < 5 {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            let stored = try await client.read(Self.index, share: 0, range: 0..<UInt64(data.count))
            #expect(stored == data)
        }
    }

    @Test func stalledDownloadsAndHandshakesFailAsStalled() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let data = Self.data
        // Stored with the default idle timeout: the server's syncs on a busy disk must not
        // count as the stall this test is about.
        try await StorageClient.with(server.nurl) { client in
            _ = try await client.allocate(Self.index, shares: [1], size: UInt64(data.count), upload: Self.upload, lease: Self.lease)
            try await client.uploadShare(Self.index, share: 1, upload: Self.upload, chunk: 16 << 20) {
                Array(data[Int($0.lowerBound)..<Int($0.upperBound)])
            }
        }
        try await StorageClient.with(server.nurl, idleTimeout: .seconds(1)) { client in
            // Mid-body: the first bytes arrive, then nothing.
            var request = HTTPClientRequest(url: "https://\(server.nurl.host):\(server.nurl.port)/storage/v1/immutable/\(Self.index.base32)/1")
            request.tlsConfiguration = try await client.tlsConfiguration()
            request.headers.add(name: "Authorization", value: server.nurl.authorization)
            let response = try await client.http.execute(request, timeout: .hours(1))
            var body = response.body.makeAsyncIterator()
            _ = try await body.next()
            server.pause()
            let watchdog = Self.watchdog(server)
            await Self.expectStall {
                do {
                    while try await body.next() != nil {}
                } catch {
                    throw StorageClient.classify(error)
                }
            }
            // Before the answer: the request goes out, nothing comes back.
            await Self.expectStall { _ = try await client.read(Self.index, share: 1, range: 0..<1000) }
            watchdog.cancel()
        }
        // A new client first fetches the certificate: the handshake itself stalls.
        let watchdog = Self.watchdog(server)
        await Self.expectStall {
            try await StorageClient.with(server.nurl, idleTimeout: .seconds(1)) { client in _ = try await client.version() }
        }
        watchdog.cancel()
        server.unpause()
        let tail = try await StorageClient.with(server.nurl) { client in
            try await client.read(Self.index, share: 1, range: UInt64(data.count - 10)..<UInt64(data.count))
        }
        #expect(tail == Array(data.suffix(10)), "the server carries on once it runs again")
    }
}
