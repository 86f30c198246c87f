import ErasureCode
import FerryClient
import FaultProxy
import FerryCore
import FerryHelper
import FerryHelperProtocol
@testable import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// End to end: ciphertext into a real helper, shares out to real storage servers, then the
/// file read back from those servers with the cap made from the helper's result.
@Suite(.serialized) struct HelperPushTests {
    static let encoding = EncodingParameters(needed: 2, happy: 4, total: 5, maxSegmentSize: 128 << 10)

    static func startGrid(_ scratch: Scratch, servers: Int) async throws -> ([NodeProcess], NodeProcess) {
        let storage = try await NodeProcess.storageServers(servers, in: scratch)
        let helper = try await NodeProcess(basedir: scratch.path("helper"),
                                     command: ["helper", "serve"] + storage.flatMap { ["--storage", $0.nurl.description] })
        return (storage, helper)
    }

    /// Polls the progress resource until the push is done or failed.
    static func waitForPush(_ wire: HelperWire, seconds: Int = 60) async throws -> CBORValue {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let (status, _, body) = try await wire.client.send(.GET, wire.path + "/progress")
            let progress = try CBORDecoder.decode(body)
            if status != 200 { return progress }
            if let state = progress["state"]?.textValue, state == "done" || state == "failed" { return progress }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the push did not finish in \(seconds) s")
        return .null
    }

    /// Sends `plaintext`, encrypted with `key`, through the helper and waits for its push;
    /// the final progress.
    static func push(_ plaintext: [UInt8], key: [UInt8], _ ticket: UploadTicket, through helper: NURL) async throws -> CBORValue {
        try await StorageClient.with(helper) { client in
            let wire = HelperWire(client: client, index: StorageIndex(key: key))
            _ = try await wire.ask(ticket)
            _ = try await wire.patch(at: 0, try CTRCipher(key: key).apply(plaintext, atOffset: 0), complete: true)
            return try await Self.waitForPush(wire)
        }
    }

    /// Reads every share of `index` from the servers and decodes with `cap`.
    static func download(_ cap: CHKReadCap, from storage: [NodeProcess]) async throws -> [UInt8] {
        var sources: [any ShareSource] = []
        for server in storage {
            try await StorageClient.with(server.nurl) { client in
                for share in try await client.shares(of: cap.storageIndex) {
                    let length = UInt64(1 << 30)
                    sources.append(InMemoryShare(shareNumber: share, bytes: try await client.read(cap.storageIndex, share: share, range: 0..<length)))
                }
            }
        }
        var plaintext = [UInt8](repeating: 0, count: Int(cap.size))
        let codec = try ErasureCodecs.make(k: cap.needed, n: cap.total, preferred: nil)
        _ = try CHKDecoder(cap: cap).decode(sources: sources, codec: codec) { offset, bytes in
            plaintext.replaceSubrange(Int(offset)..<Int(offset) + bytes.count, with: bytes)
        }
        return plaintext
    }

    @Test func ciphertextInSharesOutFileBack() async throws {
        let scratch = try Scratch()
        let (storage, helper) = try await Self.startGrid(scratch, servers: 5)
        let plaintext = PatternBytes.linear(1_500_000, times: 131, plus: 17)
        let key = Array(repeating: UInt8(7), count: 16)
        let ciphertext = try CTRCipher(key: key).apply(plaintext, atOffset: 0)
        let index = StorageIndex(key: key)
        let ticket = UploadTicket(size: UInt64(plaintext.count), encoding: Self.encoding)
        let result = try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: index)
            #expect(try await wire.answer(ticket) == .receiving(offset: 0, size: ticket.size))
            #expect(try await wire.patch(at: 0, ciphertext, complete: true).status == 204)
            let progress = try await Self.waitForPush(wire)
            #expect(progress["state"]?.textValue == "done", "\(progress)")
            #expect(progress["encoded"]?.uint == progress["segments"]?.uint && (progress["segments"]?.uint ?? 0) > 1)
            return try HelperMessages.parseResult(progress["result"] ?? .null)
        }
        #expect(result.happiness == 5 && result.placement.count == 5)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("helper/helper/CHK_encoding/\(index.base32)")),
                "the spool is removed once the shares are placed")
        let cap = CHKReadCap(key: key, uriExtensionHash: result.uriExtensionHash, needed: 2, total: 5, size: ticket.size)
        #expect(try await Self.download(cap, from: storage) == plaintext)
        // The helper's log tells the upload's story (it said nothing of uploads: operator test).
        let log = try String(contentsOfFile: scratch.path("helper") + ".log", encoding: .utf8)
        for line in ["upload \(index.base32): receiving 1500000 bytes (2 of 5, happiness 4)", "upload \(index.base32): all 1500000 bytes received",
                     "push of \(index.base32) done: 5 shares on 5 servers, happiness 5"] {
            #expect(log.contains(line), "\(line) in \(log)")
        }
        // Asking again finishes at once with the same result.
        let again = try await StorageClient.with(helper.nurl) { client in try await HelperWire(client: client, index: index).answer(ticket) }
        #expect(again == .done(result))
        // A helper that never saw this file finds it in the grid: the client sends nothing.
        let fresh = try await NodeProcess(basedir: scratch.path("helper2"),
                                    command: ["helper", "serve"] + storage.flatMap { ["--storage", $0.nurl.description] })
        let found = try await StorageClient.with(fresh.nurl) { client in try await HelperWire(client: client, index: index).answer(ticket) }
        guard case .inGrid(let inGrid)? = found else {
            Issue.record("a fresh helper answered \(String(describing: found))")
            return
        }
        #expect(inGrid.uriExtensionHash == result.uriExtensionHash && inGrid.happiness == 5)
        let other = try await StorageClient.with(fresh.nurl) { client in
            try await HelperWire(client: client, index: try StorageIndex(bytes: Array(1...16))).answer(ticket)
        }
        #expect(other == .receiving(offset: 0, size: ticket.size), "a file not in the grid is asked for")
    }

    @Test func tooFewServersFailsClearlyAndKeepsTheCiphertext() async throws {
        let scratch = try Scratch()
        // Five servers known, two of them gone: three answer, four are needed. (Fewer known
        // than needed is refused at the ask: HelperNodeConfigTests.)
        let (storage, helper) = try await Self.startGrid(scratch, servers: 5)
        for server in storage.suffix(2) { await server.killHard() }
        let ciphertext = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 3) }
        let index = try StorageIndex(bytes: Array(90..<106))
        let ticket = UploadTicket(size: UInt64(ciphertext.count), encoding: Self.encoding)
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: index)
            _ = try await wire.ask(ticket)
            _ = try await wire.patch(at: 0, ciphertext, complete: true)
            let progress = try await Self.waitForPush(wire)
            #expect(progress["state"]?.textValue == "failed")
            #expect(progress["error"]?["code"]?.textValue == "helper.unavailable", "\(progress)")
            let gone = storage.suffix(2).map { "\($0.nurl.host):\($0.nurl.port)" }.joined(separator: ", ")
            #expect(progress["error"]?["message"]?.textValue?.contains("3 of 5 answered; not answering or set aside: \(gone))") == true,
                    "three servers answer; too few; the two gone are named: \(String(describing: progress["error"]))")
        }
        withExtendedLifetime(storage) {}
        let spooled = try Data(contentsOf: URL(fileURLWithPath: scratch.path("helper/helper/CHK_encoding/\(index.base32)")))
        #expect(Array(spooled) == ciphertext)
    }
}

extension HelperPushTests {
    @Test func killNineWhilePushingThenRestartFinishesWithoutTheClient() async throws {
        let scratch = try Scratch()
        let (storage, helper) = try await Self.startGrid(scratch, servers: 5)
        let plaintext = PatternBytes.linear(900_000, times: 29, plus: 3)
        let key = Array(repeating: UInt8(9), count: 16)
        let ciphertext = try CTRCipher(key: key).apply(plaintext, atOffset: 0)
        let index = StorageIndex(key: key)
        let ticket = UploadTicket(size: UInt64(plaintext.count), encoding: Self.encoding)
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: index)
            _ = try await wire.ask(ticket)
            _ = try await wire.patch(at: 0, Array(ciphertext.dropLast()))
            // Freeze the storage servers, send the last byte: the push starts and hangs.
            for server in storage { server.pause() }
            #expect(try await wire.patch(at: ticket.size - 1, [ciphertext.last!], complete: true).status == 204)
            try await Task.sleep(for: .milliseconds(300))
            let (_, _, body) = try await client.send(.GET, wire.path + "/progress")
            let state = try CBORDecoder.decode(body)["state"]?.textValue
            #expect(state == "encoding" || state == "pushing", "the push is under way, not over: \(String(describing: state))")
        }
        await helper.killHard()
        for server in storage { server.unpause() }
        #expect(FileManager.default.fileExists(atPath: scratch.path("helper/helper/CHK_encoding/\(index.base32)")))
        try await helper.restart()
        let result = try await StorageClient.with(helper.nurl) { client in
            let progress = try await Self.waitForPush(HelperWire(client: client, index: index))
            #expect(progress["state"]?.textValue == "done", "the restarted helper pushed on its own: \(progress)")
            return try HelperMessages.parseResult(progress["result"] ?? .null)
        }
        let cap = CHKReadCap(key: key, uriExtensionHash: result.uriExtensionHash, needed: 2, total: 5, size: ticket.size)
        #expect(try await Self.download(cap, from: storage) == plaintext)
    }
}

extension HelperPushTests {
    @Test func plaintextNeverReachesTheHelper() async throws {
        let scratch = try Scratch()
        let (storage, helper) = try await Self.startGrid(scratch, servers: 5)
        let marker = Array("FERRY-PLAINTEXT-MARKER-7c1e".utf8)
        let plaintext = Array((0..<20_000).map { _ in marker }.joined())
        let key = (0..<16).map { UInt8($0 * 13) }
        let ciphertext = try CTRCipher(key: key).apply(plaintext, atOffset: 0)
        let index = StorageIndex(key: key)
        let ticket = UploadTicket(size: UInt64(plaintext.count), encoding: Self.encoding)
        let half = ciphertext.count / 2
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: index)
            _ = try await wire.ask(ticket)
            // Half now, then kill -9 and the rest after a restart, so the spool sits on disk.
            _ = try await wire.patch(at: 0, Array(ciphertext[..<half]))
        }
        await helper.killHard()
        #expect(Self.scan([scratch.path("helper/helper/CHK_incoming")], for: marker) >= half, "the spool holds half")
        try await helper.restart()
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: index)
            let rest = try await wire.patch(at: UInt64(half), Array(ciphertext[half...]), complete: true)
            #expect(rest.status == 204)
            let progress = try await Self.waitForPush(wire)
            #expect(progress["state"]?.textValue == "done")
        }
        #expect(Self.scan([scratch.path("helper"), scratch.path("helper.log")], for: marker) > 0)
        let cap = CHKReadCap(key: key, uriExtensionHash: try #require(try await Self.resultHash(helper, index)), needed: 2, total: 5, size: ticket.size)
        #expect(try await Self.download(cap, from: storage) == plaintext, "and the file is whole")
    }

    /// Reads every file under `paths`, expecting no `marker`; returns the bytes read.
    static func scan(_ paths: [String], for marker: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        var scanned = 0
        for path in paths {
            let inside = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String])?.map { path + "/" + $0 } ?? []
            for file in inside.isEmpty ? [path] : inside {
                guard let bytes = FileManager.default.contents(atPath: file) else { continue }
                scanned += bytes.count
                #expect(bytes.firstRange(of: marker) == nil, "plaintext found in \(file)", sourceLocation: sourceLocation)
            }
        }
        return scanned
    }

    static func resultHash(_ helper: NodeProcess, _ index: StorageIndex) async throws -> [UInt8]? {
        try await StorageClient.with(helper.nurl) { client in
            let (_, _, body) = try await client.send(.GET, "/helper/v1/upload/\(index.base32)/progress")
            return try CBORDecoder.decode(body)["result"]?["uri-extension-hash"]?.bytesValue
        }
    }
}

extension HelperPushTests {
    @Test func aServerThatRefusesItsSharesIsReplaced() async throws {
        let scratch = try Scratch()
        // Server 0 takes no share over 1000 bytes: its allocation fails (413), for good.
        try FileManager.default.createDirectory(atPath: scratch.path("storage0"), withIntermediateDirectories: true)
        try "[storage]\nmaximum_share_size = 1000\n".write(toFile: scratch.path("storage0/ferry.toml"), atomically: true, encoding: .utf8)
        let (storage, helper) = try await Self.startGrid(scratch, servers: 6)
        let plaintext = PatternBytes.linear(700_000, times: 37, plus: 1)
        let key = Array(repeating: UInt8(5), count: 16)
        let index = StorageIndex(key: key)
        // Six shares on six servers: the refusing one is surely in the first plan.
        let ticket = UploadTicket(size: UInt64(plaintext.count), encoding: EncodingParameters(needed: 2, happy: 4, total: 6, maxSegmentSize: 128 << 10))
        let refusing = PushCoordinator.id(of: storage[0].nurl)
        let result = try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: index)
            _ = try await wire.ask(ticket)
            _ = try await wire.patch(at: 0, try CTRCipher(key: key).apply(plaintext, atOffset: 0), complete: true)
            let progress = try await Self.waitForPush(wire)
            #expect(progress["state"]?.textValue == "done", "\(progress)")
            let servers = progress["servers"]?.arrayValue ?? []
            #expect(servers.first { $0["id"]?.textValue == refusing }?["state"]?.textValue == "replaced",
                    "the refusing server was planned first, then replaced: \(servers)")
            #expect(servers.filter { $0["state"]?.textValue == "done" }.count == 5)
            return try HelperMessages.parseResult(progress["result"] ?? .null)
        }
        #expect(!result.placement.values.contains { $0.contains(refusing) }, "no share is placed on the refusing server")
        #expect(result.happiness == 5 && result.placement.count == 6, "six shares on the five servers left")
        let cap = CHKReadCap(key: key, uriExtensionHash: result.uriExtensionHash, needed: 2, total: 6, size: ticket.size)
        #expect(try await Self.download(cap, from: storage) == plaintext)
    }
}

extension HelperPushTests {
    /// A storage server set aside mid-push has what was begun there aborted: its space was
    /// counted as taken for good (a server with a full disk refused the next upload for it;
    /// operator test). Server 0 is reached through a proxy that cuts every 40 kB, so its
    /// shares fail three times and go elsewhere.
    @Test func aServerSetAsideGetsItsBegunSharesAborted() async throws {
        let scratch = try Scratch()
        let storage = try await NodeProcess.storageServers(5, in: scratch)
        let proxy = try FaultProxy(targetPort: storage[0].nurl.port, plan: FaultPlan(cutEvery: 40_000))
        let cut = NURL(spkiHash: storage[0].nurl.spkiHash, host: "127.0.0.1", port: proxy.port, swissnum: storage[0].nurl.swissnum)
        let nurls = [cut] + storage.dropFirst().map(\.nurl)
        let helper = try await NodeProcess(basedir: scratch.path("helper"), command: ["helper", "serve"] + nurls.flatMap { ["--storage", $0.description] })
        let plaintext = PatternBytes.linear(1_500_000, times: 41, plus: 3)
        let key = Array(repeating: UInt8(9), count: 16)
        let index = StorageIndex(key: key)
        let ticket = UploadTicket(size: UInt64(plaintext.count), encoding: EncodingParameters(needed: 2, happy: 4, total: 5, maxSegmentSize: 128 << 10))
        let done = try await Self.push(plaintext, key: key, ticket, through: helper.nurl)
        #expect(done["state"]?.textValue == "done", "\(done)")
        let setAside = PushCoordinator.id(of: cut)
        let servers = done["servers"]?.arrayValue ?? []
        #expect(servers.first { $0["id"]?.textValue == setAside }?["state"]?.textValue == "replaced", "\(servers)")
        #expect(proxy.cuts >= 3, "\(proxy.cuts) cuts")
        // What it had begun is gone from its incoming shares (the aborts run just after).
        let bucket = scratch.path("storage0/storage/shares/incoming/\(index.base32.prefix(2))/\(index.base32)")
        let begun = { ((try? FileManager.default.contentsOfDirectory(atPath: bucket)) ?? []).filter { Int($0) != nil } }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, !begun().isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        #expect(begun().isEmpty, "shares still held incoming: \(begun())")
    }
}

extension HelperPushTests {
    /// A helper told to stop (SIGTERM) under an upload that is slow to arrive says so and
    /// ends within its grace: it waited for the whole upload, saying nothing, as long as the
    /// client took (operator test). Its log says when.
    @Test func aHelperToldToStopUnderASlowUploadEndsSoon() async throws {
        let scratch = try Scratch()
        let (_, helper) = try await Self.startGrid(scratch, servers: 2)
        let proxy = try FaultProxy(targetPort: helper.nurl.port, plan: FaultPlan(bytesPerSecond: 100_000))
        let slow = NURL(spkiHash: helper.nurl.spkiHash, host: "127.0.0.1", port: proxy.port, swissnum: helper.nurl.swissnum)
        let index = StorageIndex(key: Array(repeating: UInt8(4), count: 16))
        let ticket = UploadTicket(size: 6_000_000, encoding: EncodingParameters(needed: 1, happy: 2, total: 2, maxSegmentSize: 128 << 10))
        let sending = Task {
            try await StorageClient.with(slow) { client in
                let wire = HelperWire(client: client, index: index)
                _ = try await wire.ask(ticket)
                _ = try? await wire.patch(at: 0, [UInt8](repeating: 1, count: 6_000_000), complete: true)  // a minute at this rate
            }
        }
        defer { sending.cancel() }
        while proxy.forwarded < 200_000 { try await Task.sleep(for: .milliseconds(100)) }
        let process = HandedOver(helper.process)
        let forwarded = proxy.forwarded
        kill(process.value.processIdentifier, SIGTERM)
        let ended = try await OffThePool.run { () -> Bool in
            let deadline = Date().addingTimeInterval(30)
            while process.value.isRunning, Date() < deadline { usleep(100_000) }
            return !process.value.isRunning
        }
        #expect(ended, "still running 30 s after SIGTERM, with a minute of upload left")
        let log = (try? String(contentsOfFile: scratch.path("helper") + ".log", encoding: .utf8)) ?? ""
        #expect(log.contains("helper: stopping; requests under way get 5 s to end"), "\(log)")
        // The body still arriving ended there and what had come was kept: waited out, it was
        // lost (below a megabyte it was not even written).
        #expect(log.contains("helper: stopped\n"), "the upload ended before the grace did: \(log)")
        try await helper.restart()
        let kept = try await StorageClient.with(helper.nurl) { try await HelperWire(client: $0, index: index).head().offset ?? 0 }
        #expect(kept + 40_000 >= forwarded, "\(forwarded) bytes had crossed (TLS included) before the stop; the helper kept \(kept)")
    }
}

extension HelperPushTests {
    /// A storage server with room for some of the shares asked of it takes those, and the
    /// helper places the rest on the others: it refused them all, and the helper set it
    /// aside (operator test). Three servers, six shares, two asked of each; server 0 has
    /// room (`size_limit`) for one.
    @Test func aServerWithRoomForSomeSharesTakesThoseAndTheRestGoElsewhere() async throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path("storage0"), withIntermediateDirectories: true)
        try "[storage]\nreserved_space = 0\nsize_limit = \"1000000\"\n".write(toFile: scratch.path("storage0/ferry.toml"), atomically: true, encoding: .utf8)
        let storage = try await NodeProcess.storageServers(3, in: scratch)
        let helper = try await NodeProcess(basedir: scratch.path("helper"), command: ["helper", "serve"] + storage.flatMap { ["--storage", $0.nurl.description] })
        let plaintext = PatternBytes.linear(1_500_000, times: 53, plus: 11)
        let key = Array(repeating: UInt8(12), count: 16)
        let index = StorageIndex(key: key)
        let ticket = UploadTicket(size: UInt64(plaintext.count), encoding: EncodingParameters(needed: 2, happy: 3, total: 6, maxSegmentSize: 128 << 10))
        let progress = try await Self.push(plaintext, key: key, ticket, through: helper.nurl)
        #expect(progress["state"]?.textValue == "done", "\(progress)")
        let result = try HelperMessages.parseResult(progress["result"] ?? .null)
        let small = PushCoordinator.id(of: storage[0].nurl)
        let held = try await StorageClient.with(storage[0].nurl) { client in try await client.shares(of: index) }
        #expect(held.count == 1, "the small server holds the one share it has room for: \(held)")
        #expect(result.placement.count == 6 && result.happiness == 3, "every share placed: \(result.placement)")
        #expect(result.placement.filter { $0.value.contains(small) }.count == 1)
        let log = try String(contentsOfFile: scratch.path("helper") + ".log", encoding: .utf8)
        #expect(log.contains("has no room for share"), "\(log)")
        // The small server says so in its own log, and what it is set to hold.
        let smallLog = try String(contentsOfFile: scratch.path("storage0") + ".log", encoding: .utf8)
        #expect(smallLog.contains("holds at most 977 KiB of shares")
                && smallLog.contains("no room for share") && smallLog.contains("; took "), "\(smallLog)")
        let cap = CHKReadCap(key: key, uriExtensionHash: result.uriExtensionHash, needed: 2, total: 6, size: ticket.size)
        #expect(try await Self.download(cap, from: storage) == plaintext)
    }
}

extension HelperPushTests {
    /// A node told to stop with only idle keep-alive connections (a helper's to its storage
    /// servers) ends at once: it waited out its grace and said requests were under way when
    /// none was (operator test). The log says which.
    @Test func aNodeWithOnlyIdleConnectionsStopsAtOnce() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        try await StorageClient.with(server.nurl) { client in
            _ = try await client.version()  // its connection stays open in the client's pool
            let process = HandedOver(server.process)
            kill(process.value.processIdentifier, SIGTERM)
            _ = try await OffThePool.run { Spawning.waitForExit(process.value) }
        }
        let log = try String(contentsOfFile: scratch.path("node") + ".log", encoding: .utf8)
        #expect(log.contains("storage: stopped\n") && !log.contains("under way\n"), "\(log)")
    }
}

extension HelperPushTests {
    /// The helper's servers resource counts the storage servers that answer it: what a
    /// client's screen shows when the grid it uploads to is the helper's alone.
    @Test func theHelperCountsTheStorageServersThatAnswerIt() async throws {
        let scratch = try Scratch()
        let (storage, helper) = try await Self.startGrid(scratch, servers: 3)
        try await StorageClient.with(helper.nurl) { transport in
            let client = HelperClient(transport: transport)
            #expect(try await client.servers() == ServerCount(total: 3, answering: 3))
            // One gone, one frozen (it answers nothing, within the helper's wait).
            await storage[0].killHard()
            storage[1].pause()
            defer { storage[1].unpause() }
            try await Task.sleep(for: .seconds(2.5))  // past the count kept for other clients
            #expect(try await client.servers() == ServerCount(total: 3, answering: 1))
            storage[1].unpause()
            try await storage[0].restart()
            try await Task.sleep(for: .seconds(2.5))
            #expect(try await client.servers() == ServerCount(total: 3, answering: 3))
        }
        withExtendedLifetime(storage) {}
    }
}
