import FerryCore
import FerryStorage
import TOMLKit

/// The client's settings (`~/.config/ferry/config.toml`): the grid to use, the convergence
/// secret, encoding, transfer limits, the retry policy, and the screen's theme and keys. Parsing is strict (an unknown key
/// or a bad value is an error naming it). With no helper configured, Ferry runs its own
/// embedded grid on loopback.
public struct ClientConfig: Sendable, Equatable {
    /// The helper uploads go through; nil: the embedded local grid.
    public var helper: NURL?
    /// Sent as `Authorization: Bearer` to the helper instead of its NURL's swissnum.
    public var helperToken: String?
    /// Storage servers downloads read from (with no helper: the embedded grid's).
    public var storage: [NURL]
    /// Mixed into every file's key, so only clients sharing it get the same caps.
    public var convergenceSecret: ConvergenceSecret
    public var encoding: EncodingParameters
    /// Seconds without a byte either way before a connection counts as stalled.
    public var idleTimeout: UInt64
    /// Transfers running at once; the rest wait in the queue.
    public var maximumActive: Int
    /// Bytes per second for all transfers together; 0: no limit.
    public var rateLimit: UInt64
    public var retry: RetryPolicy
    /// The screen's theme: a shipped name or a TOML file (`[screen] theme`).
    public var theme: String?
    /// Key bindings for the screen: action name → key names (`[keys]`), checked there.
    public var keys: [String: [String]] = [:]

    public init(convergenceSecret: ConvergenceSecret, helper: NURL? = nil, helperToken: String? = nil, storage: [NURL] = [],
                encoding: EncodingParameters = .default, idleTimeout: UInt64 = 10, maximumActive: Int = 3, rateLimit: UInt64 = 0,
                retry: RetryPolicy = RetryPolicy()) {
        self.convergenceSecret = convergenceSecret
        self.helper = helper
        self.helperToken = helperToken
        self.storage = storage
        self.encoding = encoding
        self.idleTimeout = idleTimeout
        self.maximumActive = maximumActive
        self.rateLimit = rateLimit
        self.retry = retry
    }

    /// Reads a config file's text; missing keys keep their defaults, except the convergence
    /// secret, which a file must have.
    public static func parse(_ text: String) throws(ConfigError) -> ClientConfig {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw .syntax("\(error.description) (line \(error.source.begin.line), column \(error.source.begin.column))")
        } catch {
            throw .syntax("\(error)")
        }
        var config = ClientConfig(convergenceSecret: ConvergenceSecret(bytes: []))
        var secret: ConvergenceSecret?
        for section in table.keys {
            guard let entries = table[section]?.table, ["grid", "client", "encoding", "transfers", "retry", "screen", "keys"].contains(section) else {
                throw .unknownKey(section)
            }
            for name in entries.keys {
                let key = "\(section).\(name)", value = entries[name]!
                switch key {
                case "grid.helper":
                    let text = value.string ?? ""
                    config.helper = text.isEmpty ? nil : try Self.nurl(text, key: key)
                case "grid.helper_token":
                    let text = value.string ?? ""
                    config.helperToken = text.isEmpty ? nil : text
                case "grid.storage":
                    config.storage = []
                    for text in try ConfigValue.strings(value, key: key) { config.storage.append(try Self.nurl(text, key: key)) }
                case "client.convergence_secret":
                    do { secret = try ConvergenceSecret(base32: value.string ?? "") } catch {
                        throw .badValue(key: key, reason: "expected the base32 text of 16 bytes or more, as in Tahoe's private/convergence")
                    }
                case "encoding.needed": config.encoding.needed = try ConfigValue.count(value, key: key, in: 1...256)
                case "encoding.happy": config.encoding.happy = try ConfigValue.count(value, key: key, in: 1...256)
                case "encoding.total": config.encoding.total = try ConfigValue.count(value, key: key, in: 1...256)
                case "encoding.segment_size":
                    let size = try ConfigValue.size(value, key: key)
                    guard size >= 1, size <= 1 << 30 else { throw .badValue(key: key, reason: "expected 1 byte to 1GiB") }
                    config.encoding.maxSegmentSize = Int(size)
                case "transfers.idle_timeout":
                    config.idleTimeout = try ConfigValue.seconds(value, key: key)
                    guard config.idleTimeout > 0 else { throw .badValue(key: key, reason: "must be more than 0 seconds") }
                case "transfers.maximum_active": config.maximumActive = try ConfigValue.count(value, key: key, in: 1...1000)
                case "transfers.rate_limit": config.rateLimit = try ConfigValue.rate(value, key: key)
                case "retry.initial_delay": config.retry.initialDelay = Double(try ConfigValue.seconds(value, key: key))
                case "retry.maximum_delay": config.retry.maximumDelay = Double(try ConfigValue.seconds(value, key: key))
                case "screen.theme":
                    guard let name = value.string else { throw .badValue(key: key, reason: "expected a theme name or a file path") }
                    config.theme = name
                case _ where section == "keys":
                    config.keys[name] = try ConfigValue.strings(value, key: key)
                case "retry.maximum_tries":
                    let tries = try ConfigValue.count(value, key: key, in: 0...1_000_000)
                    config.retry.maximumTries = tries == 0 ? nil : tries
                default: throw .unknownKey(key)
                }
            }
        }
        guard let secret else { throw .badValue(key: "client.convergence_secret", reason: "missing") }
        config.convergenceSecret = secret
        do { _ = try config.encoding.validated() } catch { throw .badValue(key: "encoding", reason: error.message) }
        guard config.retry.initialDelay <= config.retry.maximumDelay else {
            throw .badValue(key: "retry.initial_delay", reason: "must not exceed retry.maximum_delay")
        }
        return config
    }

    private static func nurl(_ text: String, key: String) throws(ConfigError) -> NURL {
        do { return try NURL(parsing: text) } catch { throw .badValue(key: key, reason: "not a NURL: \(text)") }
    }
}
