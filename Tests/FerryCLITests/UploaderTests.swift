import FerryClient
import FerryCore
import FerryHelperProtocol
@testable import FerryStorage
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// The client library's upload against a real helper and real storage servers.
@Suite(.serialized) struct UploaderTests {
    static let encoding = EncodingParameters(needed: 2, happy: 4, total: 5, maxSegmentSize: 128 << 10)
    static let secret = ConvergenceSecret(bytes: Array(repeating: 42, count: 16))

    /// Counts what an upload reports.
    final class Tally: Sendable {
        let sent = Mutex(0)
        let answers = Mutex<[AskAnswer]>([])
        let retries = Mutex<[String]>([])
        let messages = Mutex<[String]>([])

        func record(_ event: UploadEvent) {
            switch event {
            case .sent(let bytes): sent.withLock { $0 += bytes }
            case .answered(let answer): answers.withLock { $0.append(answer) }
            case .retrying(_, let error):
                retries.withLock { $0.append(error.code) }
                messages.withLock { $0.append(error.message) }
            default: break
            }
        }
    }

    static func upload(_ path: String, helper: NodeProcess, nurl: NURL? = nil, tally: Tally = Tally(),
                       encoding: EncodingParameters = encoding) async throws -> Cap {
        try await StorageClient.with(nurl ?? helper.nurl) { transport in
            var uploader = Uploader(helper: HelperClient(transport: transport), secret: Self.secret, encoding: encoding,
                                    retry: RetryPolicy(initialDelay: 0.05, maximumDelay: 0.2, maximumTries: 20))
            uploader.chunkSize = 256 << 10
            return try await uploader.upload(path) { tally.record($0) }
        }
    }

    /// The cap `ferry debug encode` makes for the same file, secret and encoding.
    static func expectedCap(_ path: String, _ scratch: Scratch) async throws -> String {
        let run = try await FerryProcess.run(["debug", "encode", path, "--out", scratch.path("expected"), "--convergence", Self.secret.base32,
                                        "--needed", "2", "--total", "5", "--happy", "4", "--segment-size", String(128 << 10)])
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func uploadsOnceThenFindsItInTheGrid() async throws {
        let scratch = try Scratch()
        let (storage, helper) = try await HelperPushTests.startGrid(scratch, servers: 5)
        let plaintext = PatternBytes.linear(3_000_000, times: 2_246_822_519 >> 13)
        let path = try scratch.write("file", plaintext)
        let tally = Tally()
        let cap = try await Self.upload(path, helper: helper, tally: tally)
        #expect(cap.description == (try await Self.expectedCap(path, scratch)), "the same cap as a local encode (and so as Tahoe)")
        #expect(tally.sent.withLock { $0 } == plaintext.count, "every byte sent once")
        guard case .chk(let chk) = cap else { Issue.record("not a CHK cap: \(cap)"); return }
        #expect(try await HelperPushTests.download(chk, from: storage) == plaintext)
        // Again: the helper has the result; nothing is sent.
        let again = Tally()
        #expect(try await Self.upload(path, helper: helper, tally: again) == cap)
        #expect(again.sent.withLock { $0 } == 0)
    }

    /// A helper NURL with a wrong swissnum or TLS key is refused at once, with the code of
    /// the refusal and the config keys to check, and not retried.
    @Test func aHelperThatRefusesFerryEndsTheUploadAndSaysWhereToLook() async throws {
        let scratch = try Scratch()
        let (_, helper) = try await HelperPushTests.startGrid(scratch, servers: 5)
        let path = try scratch.write("file", PatternBytes.linear(200_000, times: 7))
        let right = helper.nurl
        let wrongSwissnum = NURL(spkiHash: right.spkiHash, host: right.host, port: right.port, swissnum: "not-" + right.swissnum)
        let wrongKey = NURL(spkiHash: Array(repeating: 3, count: 32), host: right.host, port: right.port, swissnum: right.swissnum)
        for (nurl, code, hint) in [(wrongSwissnum, "helper.unauthorized", "the swissnum in grid.helper"), (wrongKey, "storage.wrong_server_key", "grid.helper")] {
            let tally = Tally()
            await #expect(throws: TransferError.self) {
                do { _ = try await Self.upload(path, helper: helper, nurl: nurl, tally: tally) } catch let error as TransferError {
                    #expect(error.code == code && !error.isRetryable && error.message.contains(hint), "\(error)")
                    throw error
                }
            }
            #expect(tally.retries.withLock { $0 }.isEmpty)
        }
    }

    @Test func resumesFromWhatTheHelperKeptAndSendsOnlyTheRest() async throws {
        let scratch = try Scratch()
        let (storage, helper) = try await HelperPushTests.startGrid(scratch, servers: 5)
        let plaintext = PatternBytes.linear(2_000_000, times: 97, plus: 5)
        let path = try scratch.write("file", plaintext)
        // An earlier client sent the first 1.2 MB before it died.
        var keyer = try ConvergentKeyHasher(secret: Self.secret, parameters: Self.encoding, fileSize: UInt64(plaintext.count))
        keyer.update(plaintext)
        let key = keyer.finalize()
        let ciphertext = try CTRCipher(key: key).apply(plaintext, atOffset: 0)
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: StorageIndex(key: key))
            _ = try await wire.ask(UploadTicket(size: UInt64(plaintext.count), encoding: Self.encoding))
            #expect(try await wire.patch(at: 0, Array(ciphertext[..<1_200_000])).status == 204)
        }
        let tally = Tally()
        let cap = try await Self.upload(path, helper: helper, tally: tally)
        #expect(tally.sent.withLock { $0 } == plaintext.count - 1_200_000, "only the missing bytes are sent")
        #expect(tally.answers.withLock { $0.first } == .receiving(offset: 1_200_000, size: UInt64(plaintext.count)))
        #expect(cap.description == (try await Self.expectedCap(path, scratch)))
        guard case .chk(let chk) = cap else { return }
        #expect(try await HelperPushTests.download(chk, from: storage) == plaintext)
    }

    @Test func smallFilesNeedNoNetworkAndBadFilesGetClearErrors() async throws {
        let scratch = try Scratch()
        // A helper no one runs: a LIT upload never calls it.
        let nowhere = try NURL(parsing: HelperReceiveTests.absentStorage)
        let small = try scratch.write("small", Array("fifty-five bytes or fewer go into the cap itself".utf8))
        let cap = try await StorageClient.with(nowhere) { transport in
            try await Uploader(helper: HelperClient(transport: transport), secret: Self.secret).upload(small)
        }
        #expect(cap.description.hasPrefix("URI:LIT:"))
        // A named pipe no one writes to is refused at once (its open waited for a writer and
        // held `put` and the screen's add), and a pseudo-file saying 0 bytes is not sent empty.
        let pipe = scratch.path("pipe")
        #expect(mkfifo(pipe, 0o600) == 0)
        for (path, code) in [(scratch.path("missing"), "file.not_found"), (scratch.path(""), "file.unreadable"), (pipe, "file.unreadable"),
                             ("/proc/self/status", "file.unreadable")] {
            let refused = await Deadline<String>.run(within: 20) {
                do {
                    _ = try await StorageClient.with(nowhere) { transport in
                        try await Uploader(helper: HelperClient(transport: transport), secret: Self.secret).upload(path)
                    }
                    return "uploaded"
                } catch let error as TransferError {
                    return error.code
                } catch {
                    return "\(error)"
                }
            }
            #expect(refused == code, "\(path): \(refused ?? "still waiting after 20 s")")
        }
    }

    /// A file cut short while its ciphertext is sent fails the read under the request body,
    /// which reached the upload as a broken connection and was retried without end (a user
    /// test: 49 tries in 10 minutes). It fails at once as `file.changed`.
    @Test func aFileCutShortWhileSentFailsAsChanged() async throws {
        let (outcome, sent, tally) = try await Self.uploadChanged { _ = truncate($0, 500_000) }
        #expect(outcome == "file.changed", "\(outcome ?? "still retrying after 60 s"); retries: \(tally.retries.withLock { $0 })")
        #expect(tally.retries.withLock { $0 }.isEmpty && sent < 4_000_000)
    }

    /// A file appended to while it is sent fails as soon as the next piece is read, not
    /// once the whole push is done (a user test: 133 MB of shares went out first).
    @Test func aFileGrownWhileSentFailsAtOnce() async throws {
        let (outcome, sent, tally) = try await Self.uploadChanged { path in
            let file = FileHandle(forWritingAtPath: path)
            _ = try? file?.seekToEnd()
            try? file?.write(contentsOf: Data(repeating: 7, count: 1000))
            try? file?.close()
        }
        #expect(outcome == "file.changed", "\(outcome ?? "still retrying after 60 s"); retries: \(tally.retries.withLock { $0 })")
        #expect(sent < 4_000_000, "stopped mid-send: \(sent) bytes sent")
    }

    /// Uploads a 4 MB file at about 2 MB/s, doing `change` to it once 1 MB is sent; the
    /// error code (or "uploaded"), and the bytes sent.
    static func uploadChanged(_ change: @escaping @Sendable (String) -> Void) async throws -> (String?, Int, Tally) {
        let scratch = try Scratch()
        let (storage, helper) = try await HelperPushTests.startGrid(scratch, servers: 5)
        let path = try scratch.write("file", PatternBytes.linear(4_000_000, times: 2_246_822_519 >> 11))
        let tally = Tally()
        let cut = Mutex(false)
        let outcome = await Deadline<String>.run(within: 60) {
            do {
                _ = try await StorageClient.with(helper.nurl) { transport in
                    var uploader = Uploader(helper: HelperClient(transport: transport), secret: Self.secret, encoding: Self.encoding,
                                            retry: RetryPolicy(initialDelay: 0.05, maximumDelay: 0.2, maximumTries: 0))
                    uploader.chunkSize = 64 << 10
                    uploader.grant = { wanted in  // about 2 MB/s, so the change lands mid-send
                        try await Task.sleep(for: .milliseconds(30))
                        return wanted
                    }
                    return try await uploader.upload(path) { event in
                        tally.record(event)
                        if tally.sent.withLock({ $0 }) >= 1_000_000, cut.withLock({ (done: inout Bool) in defer { done = true }; return !done }) {
                            change(path)
                        }
                    }
                }
                return "uploaded"
            } catch let error as TransferError {
                return error.code
            } catch {
                return "\(error)"
            }
        }
        withExtendedLifetime(storage) {}
        return (outcome, tally.sent.withLock { $0 }, tally)
    }

    @Test func aHelperThatPushedOtherBytesIsCaught() async throws {
        let scratch = try Scratch()
        let (storage, helper) = try await HelperPushTests.startGrid(scratch, servers: 5)
        let plaintext = (0..<400_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let path = try scratch.write("file", plaintext)
        var keyer = try ConvergentKeyHasher(secret: Self.secret, parameters: Self.encoding, fileSize: UInt64(plaintext.count))
        keyer.update(plaintext)
        let index = StorageIndex(key: keyer.finalize())
        // Someone else put other bytes of the same size under this storage index.
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: index)
            _ = try await wire.ask(UploadTicket(size: UInt64(plaintext.count), encoding: Self.encoding))
            _ = try await wire.patch(at: 0, Array(repeating: 0xEE, count: plaintext.count), complete: true)
            let pushed = try await HelperPushTests.waitForPush(wire)
            #expect(pushed["state"]?.textValue == "done", "\(pushed)")
        }
        await #expect(throws: TransferError.integrity("the helper's URI extension block has another crypttext_hash than this file's ciphertext")) {
            _ = try await Self.upload(path, helper: helper)
        }
        withExtendedLifetime(storage) {}
    }
}
