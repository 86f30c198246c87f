import FaultProxy
import FerryCore
import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// Ferry and a grid of real Tahoe-LAFS 1.20 nodes reading each other's files: `ferry get`
/// of what `tahoe put` stored, and `ferry put` (through Ferry's helper pushing to the Tahoe
/// storage nodes) read back by `tahoe get`, with the cap `tahoe put` gives.
@Suite(.serialized) struct TahoeGridInteropTests {
    /// A client config in `scratch` for Ferry's `helper` and the Tahoe nodes `storage`, with
    /// the grid's 2-of-4 encoding at `happy`; answers the environment that uses it (and never
    /// the embedded grid).
    static func client(in scratch: Scratch, helper: NURL, storage: [String], secret: ConvergenceSecret, happy: Int) throws -> [String: String] {
        try """
            [grid]
            helper = "\(helper)"
            storage = [\(storage.map { "\"\($0)\"" }.joined(separator: ", "))]

            [client]
            convergence_secret = "\(secret.base32)"

            [encoding]
            needed = 2
            happy = \(happy)
            total = 4
            segment_size = "1MiB"
            """.write(toFile: scratch.path("config.toml"), atomically: true, encoding: .utf8)
        return ["FERRY_CONFIG": scratch.path("config.toml"), "FERRY_STATE_DIR": scratch.path("state"), "FERRY_GRID_DIR": scratch.path("no-grid")]
    }

    @Test func ferryAndTahoeReadEachOthersFiles() async throws {
        let scratch = try Scratch()
        let secret = ConvergenceSecret(bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 5) })
        let grid = try await TahoeGrid.start(directory: scratch.path("tahoe"), storage: 4, needed: 2, happy: 3, total: 4, convergence: secret.base32)
        #expect(grid.storage.count == 4)
        let helper = try await NodeProcess(basedir: scratch.path("helper"), command: ["helper", "serve"] + grid.storage.flatMap { ["--storage", $0] })
        let environment = try Self.client(in: scratch, helper: helper.nurl, storage: grid.storage, secret: secret, happy: 3)

        // tahoe put, then ferry get from the Tahoe storage nodes.
        let theirs = try scratch.write("theirs.bin", randomBytes(2_700_000, seed: 61))
        let theirCap = try await grid.tahoe(["put", theirs]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(theirCap.hasPrefix("URI:CHK:"), "\(theirCap)")
        let get = try await FerryProcess.run(["get", theirCap, "-o", scratch.path("theirs.copy")], environment: environment)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(try scratch.read("theirs.copy") == scratch.read("theirs.bin"))

        // ferry put through Ferry's helper onto the Tahoe storage nodes, then tahoe get.
        let ours = try scratch.write("ours.bin", randomBytes(3_300_000, seed: 62))
        let put = try await FerryProcess.run(["put", ours], environment: environment)
        #expect(put.status == 0, "\(put.stderr)")
        let ourCap = put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await grid.tahoe(["get", ourCap, scratch.path("ours.copy")])
        #expect(try scratch.read("ours.copy") == scratch.read("ours.bin"))
        // Tahoe, given the same file and convergence secret, makes the same cap.
        let tahoeCap = try await grid.tahoe(["put", ours]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(tahoeCap == ourCap)

        // Tahoe 1.20 lists a share being uploaded in neither `allocated` nor `already-have`,
        // even to the uploader holding its upload secret (a helper restarted mid-push), yet
        // takes its writes: the helper's push goes on with such a share when its first byte
        // is accepted again, and leaves it to a stranger when refused.
        let http = TransferEngineTests.HTTPClientHolder()
        let node = StorageClient(nurl: try NURL(parsing: grid.storage[0]), http: http.client)
        let index = try StorageIndex(bytes: (0..<16).map { UInt8($0 &* 11 &+ 3) })
        let upload = try UploadSecret((0..<32).map { UInt8($0) }), stranger = try UploadSecret((0..<32).map { UInt8($0 &+ 100) })
        let lease = try LeaseSecrets(renew: (0..<32).map { UInt8($0 &+ 1) }, cancel: (0..<32).map { UInt8($0 &+ 2) })
        let first = try await node.allocate(index, shares: [0], size: 4_000, upload: upload, lease: lease)
        #expect(first.allocated == [0])
        _ = try await node.write(index, share: 0, at: 0, Array(repeating: 7, count: 1_000), upload: upload)
        let again = try await node.allocate(index, shares: [0], size: 4_000, upload: upload, lease: lease)
        #expect(!again.allocated.contains(0) && !again.alreadyHave.contains(0), "\(again)")
        let probe = try await node.write(index, share: 0, at: 0, [7], upload: upload)
        #expect(probe == .partial(required: [1_000..<4_000]), "\(probe)")
        await #expect(throws: StorageError.self) { try await node.write(index, share: 0, at: 0, [7], upload: stranger) }
        await grid.stop()
        #expect(!FileManager.default.fileExists(atPath: scratch.path("no-grid")), "the embedded grid was not used")
    }

    /// A helper killed with SIGKILL mid-push to real Tahoe nodes, and started again, finishes
    /// its own half-written shares. Tahoe 1.20 lists such a share in neither `allocated` nor
    /// `already-have`: the helper took its shares for a stranger's, placed them again on other
    /// servers, and gave up for good ("shares can reach only 3 servers"; a user test). With
    /// happiness at every server, no share can go elsewhere.
    @Test func aHelperRestartedMidPushToTahoeFinishesItsShares() async throws {
        let scratch = try Scratch()
        let secret = ConvergenceSecret(bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ 7) })
        let grid = try await TahoeGrid.start(directory: scratch.path("tahoe"), storage: 4, needed: 2, happy: 4, total: 4, convergence: secret.base32)
        // The helper reaches each node through a proxy at 1.5 MB/s: the push takes seconds.
        let proxied = try grid.storage.map { text in
            let nurl = try NURL(parsing: text)
            let proxy = try FaultProxy(targetPort: nurl.port, plan: FaultPlan(bytesPerSecond: 1_500_000))
            return (proxy, NURL(spkiHash: nurl.spkiHash, host: "127.0.0.1", port: proxy.port, swissnum: nurl.swissnum).description)
        }
        let helper = try await NodeProcess(basedir: scratch.path("helper"), command: ["helper", "serve"] + proxied.flatMap { ["--storage", $0.1] })
        let environment = try Self.client(in: scratch, helper: helper.nurl, storage: grid.storage, secret: secret, happy: 4)
        let file = try scratch.write("big.bin", randomBytes(12_000_000, seed: 63))
        let put = try FerryProcess.start(["put", file], environment: environment, errorLog: scratch.path("put.log"), outputLog: scratch.path("cap"))
        // Killed once every node holds part of its shares.
        let before = proxied.map { $0.0.forwarded }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, zip(proxied, before).contains(where: { $0.0.forwarded < $1 + 2_000_000 }) { try await Task.sleep(for: .milliseconds(50)) }
        #expect(zip(proxied, before).allSatisfy { $0.0.forwarded >= $1 + 2_000_000 }, "every node got share data before the kill")
        await helper.killHard()
        try await helper.restart()
        put.waitForExit()
        let log = (try? String(contentsOfFile: scratch.path("put.log"), encoding: .utf8)) ?? ""
        #expect(put.process.terminationStatus == 0, "\(log)")
        let cap = ((try? String(contentsOfFile: scratch.path("cap"), encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await grid.tahoe(["get", cap, scratch.path("big.copy")])
        #expect(try scratch.read("big.copy") == scratch.read("big.bin"))
        await grid.stop()
    }
}
