import FerryCore
import FerryHelper
import FerryHelperProtocol
@testable import FerryStorage
import Foundation
import Testing

/// `ferry helper serve` and the `[helper]` section of its `ferry.toml`.
@Suite(.serialized) struct HelperNodeConfigTests {
    static let ticket = UploadTicket(size: 5000, encoding: EncodingParameters(needed: 2, happy: 2, total: 3, maxSegmentSize: 4096))

    static func read(_ basedir: String) throws -> (NodeConfig, HelperConfig) {
        try NodeConfig.parse(String(contentsOfFile: basedir + "/ferry.toml", encoding: .utf8), section: HelperConfig.self)
    }

    static func storageServers(_ client: StorageClient) async throws -> UInt64? {
        let (_, _, body) = try await client.send(.GET, "/helper/v1/version")
        return try CBORDecoder.decode(body)["storage-servers"]?.uint
    }

    @Test func storageServersGivenOnTheFirstStartAreRecordedAndUsedAfter() async throws {
        let scratch = try Scratch()
        let storage = try await NodeProcess.storageServers(2, in: scratch)
        let helper = try await NodeProcess(basedir: scratch.path("helper"),
                                     command: ["helper", "serve"] + storage.flatMap { ["--storage", $0.nurl.description] })
        let (node, recorded) = try Self.read(scratch.path("helper"))
        #expect(recorded.storage == storage.map(\.nurl))
        #expect(node.listen.port == helper.nurl.port)
        // Started again with no --storage: the recorded servers are used.
        helper.command = ["helper", "serve"]
        try await helper.restart(configured: true)
        #expect(try await StorageClient.with(helper.nurl) { try await Self.storageServers($0) } == 2)
        // --storage replaces the list for one run, and leaves the file alone.
        helper.command = ["helper", "serve", "--storage", storage[0].nurl.description]
        try await helper.restart()
        #expect(try await StorageClient.with(helper.nurl) { try await Self.storageServers($0) } == 1)
        #expect(try Self.read(scratch.path("helper")).1.storage == storage.map(\.nurl))
    }

    @Test func noStorageServersAtAllIsAConfigError() async throws {
        let scratch = try Scratch()
        let run = try await FerryProcess.run(["helper", "serve", "--basedir", scratch.path("helper"), "--listen", "127.0.0.1:0"])
        #expect(run.status == 78)
        #expect(run.stderr.contains("config.bad_value") && run.stderr.contains("helper.storage"), "\(run.stderr)")
    }

    /// A helper whose first start failed (no storage servers given) keeps the port its next
    /// start binds: its NURL changed at every restart, and every user's config went wrong.
    /// A node's basedir is private, and so are the files holding its swissnum and secrets
    /// (ferry.toml, node.url: 0644 in a 0755 directory, readable by every local user).
    @Test func aHelperWhoseFirstStartFailedKeepsItsNURLAndItsFilesArePrivate() async throws {
        let scratch = try Scratch()
        let storage = try await NodeProcess(basedir: scratch.path("storage"))
        let basedir = scratch.path("helper")
        let failed = try await FerryProcess.run(["helper", "serve", "--basedir", basedir])
        #expect(failed.status == 78 && failed.stderr.contains("helper.storage"), "\(failed.stderr)")
        let helper = try await NodeProcess(basedir: basedir, listen: nil, command: ["helper", "serve", "--storage", storage.nurl.description])
        let first = helper.nurl
        try await helper.restart(configured: true)
        #expect(helper.nurl == first, "\(helper.nurl) after \(first)")
        for (path, mode) in [(basedir, 0o700), (basedir + "/ferry.toml", 0o600), (basedir + "/node.url", 0o600),
                             (storage.basedir, 0o700), (storage.basedir + "/node.url", 0o600), (storage.basedir + "/ferry.toml", 0o600)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(path): \(String(describing: attributes[.posixPermissions]))")
        }
    }

    /// A bad value in a node's ferry.toml names the file it is in (an operator read
    /// `helper.tokens: …` and had to guess which file).
    @Test func aBadValueNamesItsFile() async throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path("helper"), withIntermediateDirectories: true)
        _ = try scratch.write("helper/ferry.toml", Array("[helper]\ntokens = [\"short\"]\n".utf8))
        let run = try await FerryProcess.run(["helper", "serve", "--basedir", scratch.path("helper"), "--listen", "127.0.0.1:0"])
        #expect(run.status == 78 && run.stderr.contains("error: config.bad_value: \(scratch.path("helper"))/ferry.toml: helper.tokens: each token needs"),
                "\(run.stderr)")
    }

    @Test func configuredTokensAndLimitsAreObeyed() async throws {
        let scratch = try Scratch()
        // Two servers: the tickets' happiness (2) could never be placed on one, which the
        // helper refuses at once.
        let storage = try await NodeProcess.storageServers(2, in: scratch)
        let helper = try await NodeProcess(basedir: scratch.path("helper"), command: ["helper", "serve"] + storage.flatMap { ["--storage", $0.nurl.description] })
        var (node, config) = try Self.read(scratch.path("helper"))
        config.tokens = ["alice-0123456789abcdefghij", "bob-0123456789abcdefghijkl"]
        config.limits.maximumUploadSize = 4999
        try node.save(basedir: scratch.path("helper"), section: config)
        try await helper.restart()
        let index = try StorageIndex(bytes: Array(0..<16))
        for token in config.tokens {
            let status = try await StorageClient.with(helper.nurl, bearerToken: token) { client in
                try await HelperWire(client: client, index: index).ask(Self.ticket).0
            }
            #expect(status == 413, "a configured token is let in, and the size limit applies")
        }
        let refused = try await StorageClient.with(helper.nurl, bearerToken: "mallory-0123456789abcdefgh") { client in
            try await HelperWire(client: client, index: index).ask(Self.ticket)
        }
        #expect(refused.0 == 401 && refused.1?["code"]?.textValue == "helper.unauthorized")
        // Said in the helper's log (it said nothing of refused logins: operator test).
        let log = try String(contentsOfFile: scratch.path("helper") + ".log", encoding: .utf8)
        #expect(log.range(of: #"helper: refused a request from 127\.0\.0\.1:[0-9]+ without a valid swissnum or token \(POST /helper/v1/upload/"#,
                          options: .regularExpression) != nil, "\(log)")
        // So are its settings, and the asks it turned down.
        #expect(log.contains("helper: pushes to 2 storage servers, takes uploads up to 4.88 KiB") && log.contains("accepts its swissnum and 2 bearer tokens"), "\(log)")
        #expect(log.contains("refused: helper.too_large:"), "\(log)")
        let small = UploadTicket(size: 4999, encoding: Self.ticket.encoding)
        let answer = try await StorageClient.with(helper.nurl, bearerToken: config.tokens[1]) { client in
            try await HelperWire(client: client, index: index).answer(small)
        }
        #expect(answer == .receiving(offset: 0, size: 4999))
        // More happiness than the helper has servers: refused before a byte is sent, saying
        // what to change (the client retried for ever; operator test).
        let tooHappy = UploadTicket(size: 100, encoding: EncodingParameters(needed: 2, happy: 3, total: 3, maxSegmentSize: 4096))
        let unplaceable = try await StorageClient.with(helper.nurl, bearerToken: config.tokens[0]) { client in
            try await HelperWire(client: client, index: try StorageIndex(bytes: Array(16..<32))).ask(tooHappy)
        }
        #expect(unplaceable.0 == 400 && unplaceable.1?["message"]?.textValue?.contains("this helper pushes to 2 storage servers") == true,
                "\(String(describing: unplaceable.1))")
    }
}
