import FerryStorage
import Testing

@Suite struct NodeConfigTests {
    @Test func emptyFileMeansDefaults() throws {
        #expect(try NodeConfig.parse("") == NodeConfig())
        #expect(NodeConfig().reservedSpace == 1_000_000_000 && NodeConfig().listen.port == 0)
    }

    @Test func readsEverySetting() throws {
        let config = try NodeConfig.parse("""
            [node]
            listen = "[::1]:3456"
            [storage]
            reserved_space = "5GiB"
            maximum_share_size = 1048576
            """)
        #expect(config == NodeConfig(listen: ListenAddress(host: "::1", port: 3456), reservedSpace: 5 << 30, maximumShareSize: 1 << 20))
        #expect(config.listen.description == "[::1]:3456")
    }

    /// Where clients reach a node that listens on every interface, or behind a name or a
    /// forwarded port (its NURL named 0.0.0.0; operator test): HOST, or HOST:PORT.
    @Test func aLocationIsReadAndWrittenBack() throws {
        for (text, host, port) in [("grid.example.org", "grid.example.org", 0), ("grid.example.org:3456", "grid.example.org", 3456),
                                   ("[2001:db8::1]", "2001:db8::1", 0), ("[2001:db8::1]:80", "2001:db8::1", 80), ("10.0.0.5", "10.0.0.5", 0)] {
            var config = try NodeConfig.parse("[node]\nlisten = \"0.0.0.0:3456\"\nlocation = \"\(text)\"\n")
            #expect(config.location == ListenAddress(host: host, port: port), "\(text)")
            #expect(try NodeConfig.parse(config.render()) == config, "\(config.render())")
            config.location = nil
            #expect(try NodeConfig.parse(config.render()).location == nil)
        }
        for bad in ["", "a b", "host:99999", "a/b"] {
            #expect(throws: ConfigError.self, "\(bad)") { try NodeConfig.parse("[node]\nlocation = \"\(bad)\"\n") }
        }
    }

    @Test func renderedFileReadsBackTheSame() throws {
        let config = NodeConfig(listen: ListenAddress(host: "0.0.0.0", port: 40123), reservedSpace: 123_456_789, maximumShareSize: 3 << 30)
        #expect(try NodeConfig.parse(config.render()) == config)
        #expect(try NodeConfig.parse(NodeConfig().render()) == NodeConfig())
    }

    @Test(arguments: [
        ("[storage]\nreserved_spaec = \"1G\"", "config.unknown_key", "storage.reserved_spaec"),
        ("[strage]\nreserved_space = \"1G\"", "config.unknown_key", "strage"),
        ("listen = \"1.2.3.4:5\"", "config.unknown_key", "listen"),
        ("[storage]\nreserved_space = \"lots\"", "config.bad_value", "storage.reserved_space"),
        ("[storage]\nmaximum_share_size = -5", "config.bad_value", "storage.maximum_share_size"),
        ("[storage]\nmaximum_share_size = true", "config.bad_value", "storage.maximum_share_size"),
        ("[node]\nlisten = \"localhost\"", "config.bad_value", "node.listen"),
        ("[node]\nlisten = \"localhost:70000\"", "config.bad_value", "node.listen"),
        ("[node]\nlisten = 80", "config.bad_value", "node.listen"),
        ("[node\nlisten = \"a:1\"", "config.syntax", "line 1"),
        ("[storage]\nreserved_space = \"1G\"\nreserved_space = \"2G\"", "config.syntax", "line 3"),
    ])
    func badFilesAreRefusedByName(_ text: String, _ code: String, _ mentioned: String) {
        do {
            _ = try NodeConfig.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(mentioned), "\(error)")
        }
    }

    @Test(arguments: ["127.0.0.1:0", "example.org:443", "[fe80::1]:1"])
    func listenAddressesRoundTrip(_ text: String) {
        #expect(ListenAddress(text)?.description == text)
    }

    @Test(arguments: ["", ":80", "host", "host:", "host:-1", "host:65536", "a b:1", "host:http"])
    func badListenAddressesAreRefused(_ text: String) {
        #expect(ListenAddress(text) == nil, "\(text)")
    }
}
