import FaultProxy
import FerryCore
import FerryHelper
import FerryHelperProtocol
@testable import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// A push that breaks in the middle: the helper killed with half-written shares on the
/// servers, a storage server killed while it receives.
@Suite(.serialized) struct HelperPushFaultTests {
    /// Shares of 16 MiB: big enough that a push is caught half-way.
    static let encoding = EncodingParameters(needed: 2, happy: 4, total: 5, maxSegmentSize: 128 << 10)
    static let size = 32 << 20

    static func servers(_ progress: CBORValue) -> [CBORValue] { progress["servers"]?.arrayValue ?? [] }
    static func sum(_ progress: CBORValue, _ field: String) -> UInt64 { servers(progress).reduce(0) { $0 + ($1[field]?.uint ?? 0) } }

    /// Freezes every storage server at a moment when `until` holds for the push's progress
    /// (the servers are frozen before each look, so the push cannot move on meanwhile, let
    /// alone finish); returns that progress with the servers still frozen, or nil when the
    /// push ended first or `seconds` ran out.
    static func freeze(_ storage: [NodeProcess], _ wire: HelperWire, seconds: Int = 60,
                       until: (CBORValue) -> Bool) async throws -> CBORValue? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            for server in storage { server.pause() }
            let (_, _, body) = try await wire.client.send(.GET, wire.path + "/progress")
            let progress = try CBORDecoder.decode(body)
            if until(progress) { return progress }
            if let state = progress["state"]?.textValue, state == "done" || state == "failed" { return nil }
            // Let them run for 20 ms. A blocking sleep, so the window stays short even when
            // other tests keep the task pool busy.
            for server in storage { server.unpause() }
            usleep(20_000)
        }
        return nil
    }

    static func upload(_ helper: NodeProcess, key: [UInt8], plaintext: [UInt8]) async throws -> (StorageIndex, UploadTicket) {
        let index = StorageIndex(key: key)
        let ticket = UploadTicket(size: UInt64(plaintext.count), encoding: encoding)
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: index)
            _ = try await wire.ask(ticket)
            #expect(try await wire.patch(at: 0, try CTRCipher(key: key).apply(plaintext, atOffset: 0), complete: true).status == 204)
        }
        return (index, ticket)
    }

    @Test func killNineWithHalfWrittenSharesResumesFromWhatTheServersKept() async throws {
        let scratch = try Scratch()
        // The helper reaches its storage servers through slow proxies, so the push is still
        // going when a quarter of it is stored; then the proxies hold it there for the kill.
        let storage = try await NodeProcess.storageServers(5, in: scratch)
        // 250 kB/s each: the whole push takes over a minute, so even when the upload to the
        // helper is slow (a loaded machine; the helper may push while it receives) the kill
        // below comes long before the push ends.
        let proxies = try storage.map { try FaultProxy(targetPort: $0.nurl.port, plan: FaultPlan(bytesPerSecond: 250_000)) }
        let slow = zip(storage, proxies).map { NURL(spkiHash: $0.nurl.spkiHash, host: "127.0.0.1", port: $1.port, swissnum: $0.nurl.swissnum) }
        let helper = try await NodeProcess(basedir: scratch.path("helper"), command: ["helper", "serve"] + slow.flatMap { ["--storage", $0.description] })
        let plaintext = PatternBytes.linear(Self.size, times: 2_654_435_761 >> 7)
        let key = Array(repeating: UInt8(11), count: 16)
        let (index, ticket) = try await Self.upload(helper, key: key, plaintext: plaintext)
        // Once about a quarter of the share bytes (k=2, N=5: 2.5 times the file) have crossed
        // to the servers, hold the proxies (1 byte a second) so the push cannot finish
        // however late this loop runs on a loaded machine, read the push's size, kill.
        let quarter = UInt64(Self.size) * 5 / 2 / 4
        let deadline = ContinuousClock.now + .seconds(120)
        while proxies.reduce(0, { $0 + $1.forwarded }) < quarter, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        for proxy in proxies { proxy.update { $0.bytesPerSecond = 1 } }
        let total = try await StorageClient.with(helper.nurl) { client -> UInt64 in
            let wire = HelperWire(client: client, index: index)
            let (_, _, body) = try await wire.client.send(.GET, wire.path + "/progress")
            return Self.sum(try CBORDecoder.decode(body), "total")
        }
        #expect(total > 0, "the push never got a quarter of the way")
        await helper.killHard()
        let crossedBeforeKill = proxies.reduce(0) { $0 + $1.forwarded }
        for proxy in proxies { proxy.update { $0.bytesPerSecond = nil } }
        #expect(crossedBeforeKill < total, "no server had everything")
        try await helper.restart()
        let done = try await StorageClient.with(helper.nurl) { client in
            try await HelperPushTests.waitForPush(HelperWire(client: client, index: index))
        }
        #expect(done["state"]?.textValue == "done", "\(done)")
        let held = Self.sum(done, "held"), resent = Self.sum(done, "total") - held
        #expect(Self.sum(done, "total") == total)
        // What crossed includes TLS and HTTP framing: the servers kept nearly all of it.
        #expect(held >= crossedBeforeKill - crossedBeforeKill / 10, "the servers kept what reached them: held \(held), crossed \(crossedBeforeKill)")
        #expect(resent < total - total / 8, "the second pass sent only what was missing: \(resent) of \(total)")
        print("helper kill -9 mid-push: \(crossedBeforeKill) bytes had crossed to the servers, \(held) share bytes kept, \(resent) of \(total) sent after the restart")
        let result = try HelperMessages.parseResult(done["result"] ?? .null)
        let cap = CHKReadCap(key: key, uriExtensionHash: result.uriExtensionHash, needed: 2, total: 5, size: ticket.size)
        #expect(try await HelperPushTests.download(cap, from: storage) == plaintext)
    }

    /// A grid of `servers` whose helper has all of a file's ciphertext (keyed by `seed`) and
    /// pushes it.
    static func pushing(_ scratch: Scratch, servers: Int, seed: UInt8, times: Int)
        async throws -> (storage: [NodeProcess], helper: NodeProcess, plaintext: [UInt8], key: [UInt8], index: StorageIndex, ticket: UploadTicket) {
        let (storage, helper) = try await HelperPushTests.startGrid(scratch, servers: servers)
        let plaintext = PatternBytes.linear(Self.size, times: times)
        let key = Array(repeating: seed, count: 16)
        let (index, ticket) = try await Self.upload(helper, key: key, plaintext: plaintext)
        return (storage, helper, plaintext, key, index, ticket)
    }

    @Test func aStorageServerKilledWhileReceivingIsReplaced() async throws {
        let scratch = try Scratch()
        let (storage, helper, plaintext, key, index, ticket) = try await Self.pushing(scratch, servers: 6, seed: 12, times: 40503 >> 5)
        let ids = storage.map { PushCoordinator.id(of: $0.nurl) }
        let victim = try await StorageClient.with(helper.nurl) { client -> Int? in
            let receiving: (CBORValue) -> CBORValue? = { progress in
                Self.servers(progress).first { ($0["sent"]?.uint ?? 0) > 1 << 20 && $0["state"]?.textValue == "pushing" }
            }
            let caught = try await Self.freeze(storage, HelperWire(client: client, index: index)) { receiving($0) != nil }
            return caught.flatMap(receiving).flatMap { entry in ids.firstIndex { $0 == entry["id"]?.textValue } }
        }
        let killed = try #require(victim, "no server was caught receiving")
        await storage[killed].killHard()
        for server in storage { server.unpause() }
        let done = try await StorageClient.with(helper.nurl) { client in
            try await HelperPushTests.waitForPush(HelperWire(client: client, index: index))
        }
        #expect(done["state"]?.textValue == "done", "\(done)")
        let entry = Self.servers(done).first { $0["id"]?.textValue == ids[killed] }
        #expect(entry?["state"]?.textValue == "replaced", "\(Self.servers(done))")
        let result = try HelperMessages.parseResult(done["result"] ?? .null)
        #expect(!result.placement.values.contains { $0.contains(ids[killed]) }, "nothing is placed on the dead server")
        #expect(result.happiness == 5 && result.placement.count == 5)
        let alive = storage.indices.filter { $0 != killed }.map { storage[$0] }
        let cap = CHKReadCap(key: key, uriExtensionHash: result.uriExtensionHash, needed: 2, total: 5, size: ticket.size)
        #expect(try await HelperPushTests.download(cap, from: alive) == plaintext)
    }

    /// A storage server frozen (SIGSTOP) mid-push, and left so: once the stall is caught the
    /// others keep the shares they began, going on from what they kept, and only the frozen
    /// server's share moves. A fresh plan over the servers left moved shares between healthy
    /// servers, which sent them from zero and left the begun ones behind (a user test against
    /// real Tahoe nodes). The server frozen is the first in rank order, the one whose loss
    /// shifted the most shares.
    @Test func aStorageServerFrozenWhileReceivingLeavesTheOthersTheirShares() async throws {
        let scratch = try Scratch()
        let (storage, helper, plaintext, key, index, ticket) = try await Self.pushing(scratch, servers: 5, seed: 14, times: 40503 >> 3)
        let ids = storage.map { PushCoordinator.id(of: $0.nurl) }
        let caught = try await StorageClient.with(helper.nurl) { client in
            try await Self.freeze(storage, HelperWire(client: client, index: index)) { progress in
                Self.servers(progress).contains { $0["shares"]?.arrayValue?.contains(.unsigned(0)) == true && ($0["sent"]?.uint ?? 0) > 1 << 20 }
            }
        }
        let frozenAt = try #require(caught, "the push was not caught with share 0 under way")
        var before: [String: Set<Int>] = [:]
        for entry in Self.servers(frozenAt) {
            if let id = entry["id"]?.textValue { before[id] = Set((entry["shares"]?.arrayValue ?? []).compactMap { $0.uint.map(Int.init) }) }
        }
        let victim = try #require(before.first { $0.value.contains(0) }?.key)
        let frozen = try #require(ids.firstIndex(of: victim))
        for (position, server) in storage.enumerated() where position != frozen { server.unpause() }
        defer { storage[frozen].unpause() }
        // Meanwhile the frozen server's share never reads as all sent: once its request
        // had timed out, what was fed to it counted as sent, and the bar stood at 100 %.
        var fullySent = false
        let done = try await StorageClient.with(helper.nurl) { client -> CBORValue in
            let wire = HelperWire(client: client, index: index)
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                let progress = try CBORDecoder.decode(try await client.send(.GET, wire.path + "/progress").2)
                if let entry = Self.servers(progress).first(where: { $0["id"]?.textValue == victim }), entry["state"]?.textValue == "pushing",
                   let sent = entry["sent"]?.uint, let total = entry["total"]?.uint, total > 0, sent >= total {
                    fullySent = true
                }
                if let state = progress["state"]?.textValue, state == "done" || state == "failed" { return progress }
                try await Task.sleep(for: .milliseconds(100))
            }
            return .null
        }
        storage[frozen].unpause()
        #expect(!fullySent, "the frozen server's share read as all sent")
        #expect(done["state"]?.textValue == "done", "\(done)")
        let result = try HelperMessages.parseResult(done["result"] ?? .null)
        for (server, shares) in before where server != victim {
            for share in shares { #expect(result.placement[share]?.contains(server) == true, "share \(share) left \(server): \(result.placement)") }
        }
        #expect(result.placement[0].map { !$0.contains(victim) } == true, "\(result.placement)")
        let named = Self.servers(done).first { $0["id"]?.textValue == victim }?["address"]?.textValue
        #expect(named == "\(storage[frozen].nurl.host):\(storage[frozen].nurl.port)", "progress names the server by its address too")
        let kept = Self.servers(done).filter { $0["id"]?.textValue != victim }.reduce(UInt64(0)) { $0 + ($1["held"]?.uint ?? 0) }
        #expect(kept > 0, "the servers left went on from what they kept: \(Self.servers(done))")
        let cap = CHKReadCap(key: key, uriExtensionHash: result.uriExtensionHash, needed: 2, total: 5, size: ticket.size)
        #expect(try await HelperPushTests.download(cap, from: storage.indices.filter { $0 != frozen }.map { storage[$0] }) == plaintext)
    }

    /// A storage server frozen before an upload starts: the helper answers the ask inside a
    /// client's idle timeout (it waited on the frozen server as long as a client waits, and
    /// the client gave up first, blaming the helper), and the push places the shares on the
    /// others.
    @Test func anAskIsAnsweredWhileAStorageServerIsFrozen() async throws {
        let scratch = try Scratch()
        let (storage, helper) = try await HelperPushTests.startGrid(scratch, servers: 5)
        storage[2].pause()
        defer { storage[2].unpause() }
        let plaintext = PatternBytes.linear(1 << 20, times: 977)
        let key = Array(repeating: UInt8(15), count: 16)
        let index = StorageIndex(key: key)
        let ticket = UploadTicket(size: UInt64(plaintext.count), encoding: Self.encoding)
        try await StorageClient.with(helper.nurl, idleTimeout: .seconds(8)) { client in
            let wire = HelperWire(client: client, index: index)
            let (status, _) = try await wire.ask(ticket)
            #expect(status == 200)
            #expect(try await wire.patch(at: 0, try CTRCipher(key: key).apply(plaintext, atOffset: 0), complete: true).status == 204)
            let done = try await HelperPushTests.waitForPush(wire, seconds: 120)
            #expect(done["state"]?.textValue == "done", "\(done)")
            // Asked again once it is in the grid: answered as such, the frozen server aside.
            let again = try await wire.answer(ticket)
            if case .done = again {} else if case .inGrid = again {} else { Issue.record("\(String(describing: again))") }
        }
    }
}
