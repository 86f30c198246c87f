import FerryHelper
import FerryStorage
import Testing

@Suite struct HelperConfigTests {
    static let nurl = "pb://\(String(repeating: "a", count: 43))@127.0.0.1:4567/swissnum#v=1"

    @Test func defaultsThenEverySetting() throws {
        let (node, empty) = try NodeConfig.parse("", section: HelperConfig.self)
        #expect(node == NodeConfig() && empty == HelperConfig())
        #expect(empty.storage.isEmpty && empty.tokens.isEmpty && empty.limits == HelperLimits())
        let (_, helper) = try NodeConfig.parse("""
            [storage]
            reserved_space = "5G"
            [helper]
            storage = ["\(Self.nurl)"]
            maximum_upload_size = "2GiB"
            concurrent_uploads = 3
            expire_after = "2d"
            tokens = ["0123456789abcdefghijKLMNOP+/="]
            """, section: HelperConfig.self)
        #expect(helper.storage == [try NURL(parsing: Self.nurl)])
        #expect(helper.limits.maximumUploadSize == 2 << 30 && helper.limits.concurrentUploads == 3 && helper.limits.expireAfter == 172_800)
        #expect(helper.tokens == ["0123456789abcdefghijKLMNOP+/="])
    }

    @Test func renderedFileReadsBackTheSame() throws {
        let helper = HelperConfig(storage: [try NURL(parsing: Self.nurl)],
                                  limits: HelperLimits(maximumUploadSize: 5_000_000, concurrentUploads: 9, expireAfter: 5400),
                                  tokens: ["t0k3n-that-is-long-enough-1", "t0k3n-that-is-long-enough-2"])
        let node = NodeConfig(listen: ListenAddress(host: "::1", port: 9), reservedSpace: 1 << 30)
        let text = node.render() + "\n" + helper.render()
        let (readNode, readHelper) = try NodeConfig.parse(text, section: HelperConfig.self)
        #expect(readNode == node && readHelper == helper)
        #expect(try NodeConfig.parse(NodeConfig().render() + HelperConfig().render(), section: HelperConfig.self).1 == HelperConfig())
    }

    @Test func aStorageNodeRefusesAHelperSection() {
        #expect(throws: ConfigError.unknownKey("helper")) { try NodeConfig.parse("[helper]\nconcurrent_uploads = 2") }
    }

    @Test(arguments: [
        ("[helper]\nstorrage = []", "config.unknown_key", "helper.storrage"),
        ("[helper]\nstorage = \"pb://x\"", "config.bad_value", "helper.storage"),
        ("[helper]\nstorage = [\"https://example.org\"]", "config.bad_value", "https://example.org"),
        ("[helper]\nstorage = [1]", "config.bad_value", "helper.storage"),
        ("[helper]\nconcurrent_uploads = 0", "config.bad_value", "helper.concurrent_uploads"),
        ("[helper]\nconcurrent_uploads = \"4\"", "config.bad_value", "helper.concurrent_uploads"),
        ("[helper]\nexpire_after = \"0s\"", "config.bad_value", "helper.expire_after"),
        ("[helper]\nexpire_after = \"a week\"", "config.bad_value", "helper.expire_after"),
        ("[helper]\nmaximum_upload_size = \"big\"", "config.bad_value", "helper.maximum_upload_size"),
        ("[helper]\ntokens = [\"short\"]", "config.bad_value", "helper.tokens"),
        ("[helper]\ntokens = [\"has spaces in it, which is not allowed\"]", "config.bad_value", "helper.tokens"),
        ("[helper]\ntokens = [\"a-token-with-a-quote-\\\"-in-it\"]", "config.bad_value", "helper.tokens"),
        ("[helpers]\ntokens = []", "config.unknown_key", "helpers"),
    ])
    func badSettingsAreRefusedByName(_ text: String, _ code: String, _ mentioned: String) {
        do {
            _ = try NodeConfig.parse(text, section: HelperConfig.self)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(mentioned), "\(error)")
        }
    }
}
