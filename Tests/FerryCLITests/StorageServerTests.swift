import FerryCore
import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// Ferry's storage server as a real process, driven by real Tahoe-LAFS and by Ferry's client.
@Suite(.serialized) struct StorageServerTests {
    static let interopScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/tahoe_storage_client.py").path

    @Test func realTahoeClientUsesFerryStorageServer() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let output = try await TahoePython.run(try String(contentsOfFile: Self.interopScript, encoding: .utf8), arguments: [server.nurl.description])
        let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect(result["allocated"] as? [Int] == [0, 1, 2])
        #expect(result["allocated_again"] as? [Int] == [0, 1, 2], "a repeated allocation with the same secret is idempotent")
        #expect((result["after_first"] as? [String: Any])?["required"] as? [[Int]] == [[30000, 100000]])
        #expect((result["after_middle"] as? [String: Any])?["required"] as? [[Int]] == [[30000, 60000]])
        #expect(result["after_last"] as? Bool == true && result["share2_finished"] as? Bool == true)
        #expect(result["conflict"] as? Int == 409)
        #expect(result["rewrite_complete"] as? Int == 404)
        #expect(result["shares"] as? [Int] == [0, 2], "share 1 was aborted")
        #expect(result["read_middle"] as? Bool == true && result["read_whole"] as? Bool == true)
        #expect(result["read_past_end"] as? Int == 10, "a read past the end is shortened")
        #expect(result["empty_list"] as? [Int] == [])
        // Ferry's client sees what Tahoe's client stored.
        let data = (0..<100_000).map { UInt8(($0 * 7 + 3) % 256) }
        let index = try StorageIndex(bytes: Array(0..<16))
        let (shares, bytes) = try await withClient(server.nurl) { client in
            (try await client.shares(of: index), try await client.read(index, share: 0, range: 0..<100_000))
        }
        #expect(shares == [0, 2])
        #expect(bytes == data)
    }

    @Test func uploadResumesAfterKillNineOfTheServer() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let data = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 5) }
        let index = try StorageIndex(bytes: Array(100..<116))
        let upload = try UploadSecret(Array(repeating: 9, count: 32))
        let lease = try LeaseSecrets(renew: Array(repeating: 1, count: 32), cancel: Array(repeating: 2, count: 32))
        try await withClient(server.nurl) { client in
            #expect(try await client.allocate(index, shares: [4], size: 300_000, upload: upload, lease: lease).allocated == [4])
            _ = try await client.write(index, share: 4, at: 0, Array(data[0..<120_000]), upload: upload)
        }
        await server.killHard()
        try await server.restart()
        try await withClient(server.nurl) { client in
            #expect(try await client.allocate(index, shares: [4], size: 300_000, upload: upload, lease: lease).allocated == [4],
                    "the partial share survived kill -9 and is resumed with the same secret")
            #expect(try await client.write(index, share: 4, at: 0, [data[0]], upload: upload) == .partial(required: [120_000..<300_000]))
            try await client.uploadShare(index, share: 4, upload: upload, chunk: 50_000) { Array(data[Int($0.lowerBound)..<Int($0.upperBound)]) }
            #expect(try await client.shares(of: index) == [4])
            #expect(try await client.read(index, share: 4, range: 0..<300_000) == data)
            #expect(try await client.read(index, share: 4, range: 299_990..<400_000) == Array(data[299_990...]))
            #expect(try await client.read(index, share: 4, range: 300_000..<300_010).isEmpty)
            #expect(try await client.version().availableSpace > 0)
        }
    }

    @Test func expectContinueIsAnsweredSoCurlSendsAtOnce() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let data = PatternBytes.linear(3 << 20, times: 13, plus: 7)
        let index = try StorageIndex(bytes: Array(120..<136))
        let upload = try UploadSecret(Array(repeating: 7, count: 32))
        let lease = try LeaseSecrets(renew: Array(repeating: 1, count: 32), cancel: Array(repeating: 2, count: 32))
        try await withClient(server.nurl) { client in
            _ = try await client.allocate(index, shares: [0], size: UInt64(data.count), upload: upload, lease: lease)
        }
        let file = scratch.path("share")
        try Data(data).write(to: URL(fileURLWithPath: file))
        let curl = try await FerryProcess.run([
            "-sk", "-v", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PATCH", "--expect100-timeout", "30",
            "-H", "Authorization: \(server.nurl.authorization)", "-H", "Expect: 100-continue",
            "-H", "X-Tahoe-Authorization: upload-secret \(Data(upload.bytes).base64EncodedString())",
            "-H", "Content-Range: bytes 0-\(data.count - 1)/*", "--data-binary", "@\(file)",
            "https://\(server.nurl.host):\(server.nurl.port)/storage/v1/immutable/\(index.base32)/0",
        ], program: URL(fileURLWithPath: "/usr/bin/curl"))
        #expect(curl.stderr.contains("HTTP/1.1 100 Continue"), "no interim answer:\n\(curl.stderr)")
        #expect(curl.stdout == "201")
        let stored = try await withClient(server.nurl) { client in try await client.read(index, share: 0, range: 0..<UInt64(data.count)) }
        #expect(stored == data)
    }

    @Test func badRequestsGetClearErrors() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let index = try StorageIndex(bytes: Array(0..<16))
        let upload = try UploadSecret(Array(repeating: 9, count: 32))
        let lease = try LeaseSecrets(renew: Array(repeating: 1, count: 32), cancel: Array(repeating: 2, count: 32))
        let wrong = NURL(spkiHash: server.nurl.spkiHash, host: server.nurl.host, port: server.nurl.port, swissnum: "not-the-swissnum")
        await expectStorageError("storage.unauthorized") { _ = try await withClient(wrong) { try await $0.version() } }
        let log = try String(contentsOfFile: scratch.path("node") + ".log", encoding: .utf8)
        // With who asked (an operator could not tell which client had the wrong NURL).
        #expect(log.range(of: #"storage: refused a request from 127\.0\.0\.1:[0-9]+ without a valid swissnum or token \(GET /storage/v1/version\)"#,
                          options: .regularExpression) != nil, "said in its log: \(log)")
        let forged = NURL(spkiHash: Array(repeating: 7, count: 32), host: server.nurl.host, port: server.nurl.port, swissnum: server.nurl.swissnum)
        await expectStorageError("storage.wrong_server_key") { _ = try await withClient(forged) { try await $0.version() } }
        try await withClient(server.nurl) { client in
            await expectStorageError("storage.not_found") { _ = try await client.read(index, share: 1, range: 0..<10) }
            await expectStorageError("storage.bad_request") { _ = try await client.write(index, share: 300, at: 0, [1], upload: upload) }
            _ = try await client.allocate(index, shares: [0], size: 10, upload: upload, lease: lease)
            await expectStorageError("storage.range_not_satisfiable") { _ = try await client.write(index, share: 0, at: 5, Array(repeating: 1, count: 10), upload: upload) }
            await expectStorageError("storage.unauthorized") { _ = try await client.write(index, share: 0, at: 0, [1], upload: try UploadSecret([1])) }
        }
    }
}

/// Runs `body` with a client for `nurl`.
func withClient<T: Sendable>(_ nurl: NURL, _ body: (StorageClient) async throws -> T) async throws -> T {
    try await StorageClient.with(nurl, body)
}

func expectStorageError(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
    } catch let error as StorageError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
