import FerryCore
import FerryStorage
import Foundation
import Testing

/// `ferry storage serve` and its `ferry.toml`: created on the first start, obeyed after.
@Suite(.serialized) struct StorageNodeConfigTests {
    static let index = try! StorageIndex(bytes: Array(40..<56))
    static let upload = try! UploadSecret(Array(repeating: 3, count: 32))
    static let lease = try! LeaseSecrets(renew: Array(repeating: 1, count: 32), cancel: Array(repeating: 2, count: 32))

    @Test func firstStartRecordsItsPortSoTheNURLSurvivesRestarts() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"), listen: nil)
        let first = server.nurl
        let config = try NodeConfig.parse(String(contentsOfFile: scratch.path("node/ferry.toml"), encoding: .utf8))
        #expect(config.listen == ListenAddress(host: "127.0.0.1", port: first.port) && first.port != 0)
        #expect(config.reservedSpace == NodeConfig.defaultReservedSpace)
        try await server.restart(configured: true)
        #expect(server.nurl == first, "same key, swissnum and port")
        #expect(try String(contentsOfFile: scratch.path("node/node.url"), encoding: .utf8) == first.description + "\n")
    }

    /// A port another program holds: a code and what to do, not NIO's own words.
    @Test func anAddressInUseIsSaidPlainly() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let second = try await FerryProcess.run(["storage", "serve", "--basedir", scratch.path("other"), "--listen", "127.0.0.1:\(server.nurl.port)"])
        #expect(second.status == 69 && second.stderr.contains("error: node.address_in_use: the address to listen on"), "\(second.stderr)")
    }

    /// A second node on a running node's directory is turned away, and the first's
    /// `node.url` is left alone: both ran, and the second wrote a NURL that died with it
    /// (operator test). A helper's directory the same.
    @Test func aSecondNodeOnARunningNodesDirectoryIsRefused() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let second = try await FerryProcess.run(["storage", "serve", "--basedir", scratch.path("node"), "--listen", "127.0.0.1:0"])
        #expect(second.status == 69 && second.stderr.contains("error: node.already_running: another node serves \(scratch.path("node")) (pid \(server.process.processIdentifier))"),
                "\(second.stderr)")
        #expect(try String(contentsOfFile: scratch.path("node/node.url"), encoding: .utf8) == server.nurl.description + "\n")
        let (_, helper) = try await HelperPushTests.startGrid(scratch, servers: 1)
        let again = try await FerryProcess.run(["helper", "serve", "--basedir", scratch.path("helper"), "--listen", "127.0.0.1:0"])
        #expect(again.status == 69 && again.stderr.contains("node.already_running"), "\(again.stderr)")
        #expect(try String(contentsOfFile: scratch.path("helper/node.url"), encoding: .utf8) == helper.nurl.description + "\n")
        await server.killHard()
        try await server.restart()
        #expect(server.process.isRunning, "a killed node's lock went with it")
    }

    @Test func limitsFromTheFileAreEnforced() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        var config = try NodeConfig.parse(String(contentsOfFile: scratch.path("node/ferry.toml"), encoding: .utf8))
        config.maximumShareSize = 5000
        try config.render().write(toFile: scratch.path("node/ferry.toml"), atomically: true, encoding: .utf8)
        try await server.restart()
        try await StorageClient.with(server.nurl) { client in
            let version = try await client.version()
            #expect(version.maximumImmutableShareSize == 5000)
            await expectStorageError("storage.too_large") {
                _ = try await client.allocate(Self.index, shares: [0], size: 5001, upload: Self.upload, lease: Self.lease)
            }
            #expect(try await client.allocate(Self.index, shares: [0], size: 5000, upload: Self.upload, lease: Self.lease).allocated == [0])
        }
        config.maximumShareSize = 1 << 40
        config.reservedSpace = 1 << 62
        try config.render().write(toFile: scratch.path("node/ferry.toml"), atomically: true, encoding: .utf8)
        try await server.restart()
        try await StorageClient.with(server.nurl) { client in
            let version = try await client.version()
            #expect(version.availableSpace == 0)
            await expectStorageError("storage.insufficient_storage") {
                _ = try await client.allocate(Self.index, shares: [1], size: 10, upload: Self.upload, lease: Self.lease)
            }
            let again = try await client.allocate(Self.index, shares: [0], size: 5000, upload: Self.upload, lease: Self.lease)
            #expect(again.allocated == [0], "the share allocated before is still there to resume")
        }
    }

    @Test func aBadFileStopsTheNodeWithItsCodeAndIsLeftAlone() async throws {
        let scratch = try Scratch()
        let basedir = scratch.path("node")
        try FileManager.default.createDirectory(atPath: basedir, withIntermediateDirectories: true)
        let text = "[storage]\nreserved_spase = \"1G\"\n"
        try text.write(toFile: basedir + "/ferry.toml", atomically: true, encoding: .utf8)
        let run = try await FerryProcess.run(["storage", "serve", "--basedir", basedir])
        #expect(run.status == 78)
        #expect(run.stderr.contains("config.unknown_key") && run.stderr.contains("storage.reserved_spase"), "\(run.stderr)")
        #expect(try String(contentsOfFile: basedir + "/ferry.toml", encoding: .utf8) == text)
    }
}
