import FerryClient
import FerryCore
import FerryStorage
import Foundation
import Synchronization
import Testing

@Suite struct ClientConfigTests {
    static let nurl = "pb://\(String(repeating: "b", count: 43))@127.0.0.1:4567/swissnum#v=1"
    static let secret = ConvergenceSecret(bytes: Array(repeating: 9, count: 16))

    /// Ferries started at once on a first use all end up with the one secret on disk (each
    /// made its own, and all but the last to rename its file made caps with a secret no
    /// file held).
    /// Odd rounds start from a file written by hand without a secret, which gets one added.
    @Test func ferriesStartedAtOnceShareTheSecretOnDisk() throws {
        for round in 0..<6 {
            let directory = NSTemporaryDirectory() + "ferry-config-race-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/config.toml"
            if round % 2 == 1 {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try "[screen]\ntheme = \"light\"\n".write(toFile: path, atomically: true, encoding: .utf8)
            }
            let secrets = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                if let (config, _) = try? ClientConfig.loadOrCreate(path: path) {
                    secrets.withLock { $0.append(config.convergenceSecret.base32) }
                }
            }
            let onDisk = try ClientConfig.load(path: path).convergenceSecret.base32
            let seen = secrets.withLock { $0 }
            #expect(seen.count == 8 && Set(seen) == [onDisk], "round \(round): \(Set(seen).count) secrets")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["config.toml"], "no temporary file left")
        }
    }

    @Test func everySettingIsReadAndTheRenderedFileReadsBackTheSame() throws {
        let config = try ClientConfig.parse("""
            [grid]
            helper = "\(Self.nurl)"
            helper_token = "token-0123456789abcdefghij"
            storage = ["\(Self.nurl)"]
            [client]
            convergence_secret = "\(Self.secret.base32)"
            [encoding]
            needed = 2
            happy = 3
            total = 4
            segment_size = "128KiB"
            [transfers]
            idle_timeout = "30s"
            maximum_active = 5
            rate_limit = "10M"
            [retry]
            initial_delay = "2s"
            maximum_delay = "1m"
            maximum_tries = 7
            """)
        let nurl = try NURL(parsing: Self.nurl)
        #expect(config.helper == nurl && config.helperToken == "token-0123456789abcdefghij" && config.storage == [nurl])
        #expect(config.convergenceSecret == Self.secret)
        #expect(config.encoding == EncodingParameters(needed: 2, happy: 3, total: 4, maxSegmentSize: 128 << 10))
        #expect(config.idleTimeout == 30 && config.maximumActive == 5 && config.rateLimit == 10 << 20, "M is 1024² in a rate, as in curl")
        #expect(config.retry == RetryPolicy(initialDelay: 2, maximumDelay: 60, maximumTries: 7))
        #expect(try ClientConfig.parse(config.render()) == config)
        let defaults = ClientConfig(convergenceSecret: Self.secret)
        #expect(try ClientConfig.parse(defaults.render()) == defaults)
        #expect(defaults.helper == nil && defaults.encoding == .default && defaults.retry.maximumTries == nil)
    }

    @Test(arguments: [
        ("[grid]\nhelpr = \"\"", "config.unknown_key", "grid.helpr"),
        ("[grids]\nhelper = \"\"", "config.unknown_key", "grids"),
        ("[grid]\nhelper = \"http://example.org\"", "config.bad_value", "grid.helper"),
        ("[client]\nconvergence_secret = \"not base32!\"", "config.bad_value", "client.convergence_secret"),
        ("[grid]\nhelper = \"\"", "config.bad_value", "client.convergence_secret"),
        ("[encoding]\nneeded = 11", "config.bad_value", "encoding"),
        ("[encoding]\nneeded = 0", "config.bad_value", "encoding.needed"),
        ("[transfers]\nidle_timeout = \"0s\"", "config.bad_value", "transfers.idle_timeout"),
        ("[retry]\ninitial_delay = \"2m\"", "config.bad_value", "retry.initial_delay"),
        ("[transfers]\nrate_limit = \"fast\"", "config.bad_value", "transfers.rate_limit"),
    ])
    func badFilesAreRefusedByName(_ text: String, _ code: String, _ mentioned: String) {
        let withSecret = text.contains("convergence_secret") || mentioned == "client.convergence_secret"
            ? text : text + "\n[client]\nconvergence_secret = \"\(Self.secret.base32)\""
        do {
            _ = try ClientConfig.parse(withSecret)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(mentioned), "\(error)")
        }
    }

    @Test func environmentOverridesForScripts() throws {
        let base = ClientConfig(convergenceSecret: Self.secret)
        let nurl = try NURL(parsing: Self.nurl)
        let set = try base.overridden(by: ["FERRY_HELPER": Self.nurl, "FERRY_STORAGE": "\(Self.nurl),\(Self.nurl)", "FERRY_HELPER_TOKEN": "t"])
        #expect(set.helper == nurl && set.storage == [nurl, nurl] && set.helperToken == "t")
        #expect(try base.overridden(by: [:]) == base)
        #expect(throws: ConfigError.self) { try base.overridden(by: ["FERRY_HELPER": "nonsense"]) }
    }

    @Test func firstUseWritesAPrivateFileWithAFreshSecret() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-config-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ferry/config.toml"
        let (first, created) = try ClientConfig.loadOrCreate(path: path)
        #expect(created && first.convergenceSecret.bytes.count == 32)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let (again, createdAgain) = try ClientConfig.loadOrCreate(path: path)
        #expect(!createdAgain && again == first, "the secret is kept")
        let other = try ClientConfig.loadOrCreate(path: directory + "/other.toml").0
        #expect(other.convergenceSecret != first.convergenceSecret)
    }

    @Test func pathsFollowXDGWithFallbacks() {
        let plain = ClientPaths(environment: ["HOME": "/home/a"])
        #expect(plain == ClientPaths(config: "/home/a/.config/ferry/config.toml", stateDirectory: "/home/a/.local/state/ferry",
                                     gridDirectory: "/home/a/.local/share/ferry/grid"))
        let xdg = ClientPaths(environment: ["HOME": "/home/a", "XDG_CONFIG_HOME": "/c", "XDG_STATE_HOME": "/s", "XDG_DATA_HOME": "relative"])
        #expect(xdg.config == "/c/ferry/config.toml" && xdg.stateDirectory == "/s/ferry" && xdg.gridDirectory == "/home/a/.local/share/ferry/grid")
        let ferry = ClientPaths(environment: ["HOME": "/h", "FERRY_CONFIG": "/x.toml", "FERRY_GRID_DIR": "/g"])
        #expect(ferry.config == "/x.toml" && ferry.gridDirectory == "/g" && ferry.journal == "/h/.local/state/ferry/journal.sqlite")
    }

    /// A config written by hand without a secret (only a theme, or a [client] table without
    /// it) gets one added on first use; the rest of the file stays as written.
    @Test func aHandWrittenFileWithoutASecretGetsOne() throws {
        let directory = NSTemporaryDirectory() + "ferry-config-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, text) in [("theme.toml", "# mine\n[screen]\ntheme = \"light\"\n"),
                             ("client.toml", "[client]\n# keep me\n[screen]\ntheme = \"mono\"")] {
            let path = directory + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let (first, created) = try ClientConfig.loadOrCreate(path: path)
            #expect(created, "a new secret was made")
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written.contains(first.convergenceSecret.base32))
            #expect(written.contains("# mine") || written.contains("# keep me"), "comments kept: \(written)")
            #expect(first.theme == (name == "theme.toml" ? "light" : "mono"))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try ClientConfig.loadOrCreate(path: path).0.convergenceSecret == first.convergenceSecret, "the same secret next time")
        }
    }
}
