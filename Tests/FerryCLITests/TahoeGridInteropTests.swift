import FerryCore
import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// Ferry and a grid of real Tahoe-LAFS 1.20 nodes reading each other's files: `ferry get`
/// of what `tahoe put` stored, and `ferry put` (through Ferry's helper pushing to the Tahoe
/// storage nodes) read back by `tahoe get`, with the cap `tahoe put` gives.
@Suite(.serialized) struct TahoeGridInteropTests {
    @Test func ferryAndTahoeReadEachOthersFiles() async throws {
        let scratch = try Scratch()
        let secret = ConvergenceSecret(bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 5) })
        let grid = try await TahoeGrid.start(directory: scratch.path("tahoe"), storage: 4, needed: 2, happy: 3, total: 4, convergence: secret.base32)
        #expect(grid.storage.count == 4)
        let helper = try await NodeProcess(basedir: scratch.path("helper"), command: ["helper", "serve"] + grid.storage.flatMap { ["--storage", $0] })
        try """
            [grid]
            helper = "\(helper.nurl)"
            storage = [\(grid.storage.map { "\"\($0)\"" }.joined(separator: ", "))]

            [client]
            convergence_secret = "\(secret.base32)"

            [encoding]
            needed = 2
            happy = 3
            total = 4
            segment_size = "1MiB"
            """.write(toFile: scratch.path("config.toml"), atomically: true, encoding: .utf8)
        let environment = ["FERRY_CONFIG": scratch.path("config.toml"), "FERRY_STATE_DIR": scratch.path("state"), "FERRY_GRID_DIR": scratch.path("no-grid")]

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
        await grid.stop()
        #expect(!FileManager.default.fileExists(atPath: scratch.path("no-grid")), "the embedded grid was not used")
    }
}
