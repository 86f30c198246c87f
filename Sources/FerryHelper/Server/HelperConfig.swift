import FerryCore
import FerryStorage
import TOMLKit

/// The `[helper]` section of a helper node's `ferry.toml`: the storage servers it pushes
/// to, its limits, and the bearer tokens it accepts besides its NURL's swissnum.
public struct HelperConfig: NodeConfigSection, Equatable {
    public static let name = "helper"
    /// Storage servers the helper pushes shares to.
    public var storage: [NURL]
    /// Largest upload, uploads received at once, and how long an untouched partial upload
    /// is kept (the free-space reserve comes from `[storage] reserved_space`).
    public var limits: HelperLimits
    /// Tokens a client may present as `Authorization: Bearer TOKEN` instead of the swissnum.
    public var tokens: [String]

    /// A token must be at least this long (it guards the helper's disk and bandwidth).
    public static let shortestToken = 22

    public init() {
        self.init(storage: [])
    }

    public init(storage: [NURL], limits: HelperLimits = HelperLimits(), tokens: [String] = []) {
        self.storage = storage
        self.limits = limits
        self.tokens = tokens
    }

    public mutating func set(_ key: String, to value: any TOMLValueConvertible) throws(ConfigError) {
        let name = "\(Self.name).\(key)"
        switch key {
        case "storage":
            storage = []
            for text in try ConfigValue.strings(value, key: name) {
                do { storage.append(try NURL(parsing: text)) } catch {
                    throw .badValue(key: name, reason: "not a storage server NURL: \(text)")
                }
            }
        case "maximum_upload_size": limits.maximumUploadSize = try ConfigValue.size(value, key: name)
        case "concurrent_uploads": limits.concurrentUploads = try ConfigValue.count(value, key: name, in: 1...100_000)
        case "expire_after":
            limits.expireAfter = try ConfigValue.seconds(value, key: name)
            guard limits.expireAfter > 0 else { throw .badValue(key: name, reason: "must be more than 0 seconds") }
        case "tokens":
            tokens = try ConfigValue.strings(value, key: name)
            for token in tokens where !Self.isGoodToken(token) {
                throw .badValue(key: name, reason: "each token needs \(Self.shortestToken)+ characters of A-Z a-z 0-9 - _ . ~ + / =")
            }
        default: throw .unknownKey(name)
        }
    }

    static func isGoodToken(_ token: String) -> Bool {
        token.utf8.count >= shortestToken
            && token.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.~+/=".unicodeScalars.contains($0)) }
    }

    public func render() -> String {
        """
        [helper]
        # Storage servers the helper pushes shares to, by NURL. `--storage` on the command
        # line replaces this list for one run (and sets it on the first start).
        storage = \(ConfigValue.render(storage.map(\.description)))
        # Largest upload accepted (413 above it).
        maximum_upload_size = "\(ByteSize.format(limits.maximumUploadSize))"
        # Uploads being received at once; more are told to come back later (429).
        concurrent_uploads = \(limits.concurrentUploads)
        # A partial upload nobody resumes is removed this long after it was last touched
        # (s, m, h, d, w).
        expire_after = "\(TimeSpan.format(limits.expireAfter))"
        # Bearer tokens accepted besides the NURL's secret (Authorization: Bearer TOKEN),
        # e.g. one per user so one can be revoked alone. Make them with `openssl rand -base64 24`.
        tokens = \(ConfigValue.render(tokens))

        """
    }
}
