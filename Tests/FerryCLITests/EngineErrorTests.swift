import FerryClient
import FerryCore
@testable import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// Bad input in a queue: each failing transfer gets its own clear error, and the others
/// go on undisturbed.
@Suite(.serialized) struct EngineErrorTests {
    @Test func aFullDiskABadCapAndAMissingFileDoNotDisturbTheRest() async throws {
        let rig = try await TransferEngineTests.Rig(bytesPerSecond: nil)
        let original = randomBytes(2_000_000, seed: 91)
        let path = try rig.scratch.write("photo.raw", original)
        let engine = try rig.engine(maximumActive: 4)
        await engine.start()
        let up = try await engine.add(.upload(path: path)).id
        let uploaded = try await TransferEngineTests.waitFor(engine, up) { $0.state.isFinished }
        let cap = try #require(uploaded.entry.cap)
        // A destination on a full disk: its part file is /dev/full (every write: ENOSPC).
        let full = rig.scratch.path("full.raw")
        try FileManager.default.createSymbolicLink(atPath: full + ".part", withDestinationPath: "/dev/full")
        // With a record beside it, as Ferry's own (a part file without one is refused).
        #expect(FileManager.default.createFile(atPath: full + ".part.ferry", contents: Data()))
        try Data().write(to: URL(fileURLWithPath: rig.scratch.path("parent-is-a-file.raw")))
        let ids = [
            try await engine.add(.download(cap: cap, destination: full)).id,
            try await engine.add(.download(cap: "URI:CHK:garbage", destination: rig.scratch.path("bad.raw"))).id,
            try await engine.add(.upload(path: rig.scratch.path("missing.raw"))).id,
            try await engine.add(.download(cap: cap, destination: rig.scratch.path("parent-is-a-file.raw/x"))).id,
            try await engine.add(.download(cap: cap, destination: rig.scratch.path("good.raw"))).id,
        ]
        let results = await engine.settled(ids)
        let outcome = results.map { transfer -> String in
            if case .failed(let code, _) = transfer.state { return code }
            return transfer.state.name
        }
        #expect(outcome == ["file.no_space", "transfer.bad_cap", "file.not_found", "file.unwritable", "done"], "\(results)")
        if case .failed(_, let message) = results[0].state { #expect(message.lowercased().contains("space"), "\(message)") }
        #expect(try rig.scratch.read("good.raw") == original)
        await engine.shutDown()
    }

    /// A helper that stays down: every retry is said on standard error with its wait, not
    /// only the first (one "retrying in 1s", then nothing as the waits grew; operator test).
    @Test func everyRetryOfAHelperThatStaysDownIsSaid() async throws {
        let scratch = try Scratch()
        // A helper NURL at a port nothing listens on (the helper's key and secret are not
        // checked before a connection is made).
        let nowhere = "pb://UyiE9bRLr_1LqX8dMSyVBk2_MsiXUjIZfQ7BMUQVxaU@127.0.0.1:1/rlw7rtvuguv3j7btigzvfuxuhqzkqtbt7gnjlqa3o3yzfmkfp2pq#v=1"
        let environment = scratch.ferryEnvironment.merging(["FERRY_HELPER": nowhere, "FERRY_STORAGE": nowhere]) { $1 }
        let file = try scratch.write("notes.txt", randomBytes(5_000, seed: 95))
        let log = scratch.path("put.log")
        let running = try FerryProcess.start(["put", file], environment: environment, errorLog: log)
        let retries: @Sendable () -> Int = { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").components(separatedBy: "; retrying ").count - 1 }
        // Waited for on a thread of its own, not the task pool's: with both of the pool's
        // threads held by waits, the pool could not hear that the child had ended (CI).
        let (seen, _) = try await OffThePool.when({ retries() >= 3 }, every: 0.1, within: 60) {
            running.kill(signal: SIGINT)
            running.waitForExit()
        }
        #expect(seen, "\(retries()) retries said: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }
}
