import FerryCore
import TOMLKit

/// A node's settings, kept in `BASEDIR/ferry.toml`. Parsing is strict: an unknown key or a
/// bad value is an error that names it, never silently ignored.
public struct NodeConfig: Sendable, Equatable {
    /// Address to listen on.
    public var listen: ListenAddress
    /// Where clients reach the node, as its NURL names it, when that is not the address it
    /// listens on (all interfaces, a DNS name, a forwarded port); port 0: the one it binds.
    public var location: ListenAddress?
    /// Bytes of the file system's free space that shares must leave free.
    public var reservedSpace: UInt64
    /// Largest share accepted.
    public var maximumShareSize: UInt64
    /// Most bytes of shares a storage server holds, complete and incoming (nil: no limit
    /// but the file system's free space and `reservedSpace`).
    public var sizeLimit: UInt64?

    public static let fileName = "ferry.toml"
    public static let defaultListen = ListenAddress(host: "127.0.0.1", port: 0)
    /// Tahoe's `create-node` default for `reserved_space`.
    public static let defaultReservedSpace: UInt64 = 1_000_000_000
    public static let defaultMaximumShareSize: UInt64 = 1 << 40

    public init(listen: ListenAddress = defaultListen, reservedSpace: UInt64 = defaultReservedSpace,
                maximumShareSize: UInt64 = defaultMaximumShareSize, sizeLimit: UInt64? = nil) {
        self.listen = listen
        self.reservedSpace = reservedSpace
        self.maximumShareSize = maximumShareSize
        self.sizeLimit = sizeLimit
    }

    /// Reads a config file's text; missing keys keep their defaults.
    public static func parse(_ text: String) throws(ConfigError) -> NodeConfig {
        try parse(text, section: NoConfigSection.self).0
    }

    /// Reads a config file's text with one more section, owned by the caller's module;
    /// missing keys keep their defaults.
    public static func parse<Section: NodeConfigSection>(_ text: String, section: Section.Type) throws(ConfigError) -> (NodeConfig, Section) {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw .syntax("\(error.description) (line \(error.source.begin.line), column \(error.source.begin.column))")
        } catch {
            throw .syntax("\(error)")
        }
        var config = NodeConfig()
        var extra = Section()
        for key in table.keys {
            guard let section = table[key]?.table, ["node", "storage", Section.name].contains(key), !key.isEmpty else {
                throw .unknownKey(key)
            }
            for name in section.keys {
                let value = section[name]!
                switch "\(key).\(name)" {
                case "node.listen":
                    guard let text = value.string, let address = ListenAddress(text) else {
                        throw .badValue(key: "node.listen", reason: "expected \"HOST:PORT\"")
                    }
                    config.listen = address
                case "node.location":
                    guard let address = value.string.flatMap({ ListenAddress(location: $0) }) else {
                        throw .badValue(key: "node.location", reason: "expected \"HOST\" or \"HOST:PORT\", as clients reach the node")
                    }
                    config.location = address
                case "storage.reserved_space": config.reservedSpace = try ConfigValue.size(value, key: "storage.reserved_space")
                case "storage.maximum_share_size": config.maximumShareSize = try ConfigValue.size(value, key: "storage.maximum_share_size")
                case "storage.size_limit": config.sizeLimit = try ConfigValue.size(value, key: "storage.size_limit")
                default:
                    guard key == Section.name else { throw .unknownKey("\(key).\(name)") }
                    try extra.set(name, to: value)
                }
            }
        }
        return (config, extra)
    }

    /// The file's text: every setting, with what it means.
    public func render() -> String {
        """
        # Ferry node settings. Edit, then restart the node.

        [node]
        # Address to listen on, HOST:PORT. Clients reach the node through its NURL
        # (node.url), which names this port: keep it fixed once clients know the NURL.
        listen = "\(listen)"
        # Where clients reach it, as its NURL says, HOST or HOST:PORT: needed when it listens
        # on all interfaces ("0.0.0.0:PORT", "[::]:PORT"), behind a DNS name or a forwarded
        # port. Without a port, the one it listens on.
        \(location.map { "location = \"\($0.locationText)\"" } ?? "# location = \"grid.example.org\"")

        [storage]
        # Free space to leave on the file system (k, M, G, T = powers of 1000; KiB, MiB,
        # GiB, TiB = powers of 1024). Allocations that would eat into it are refused (507).
        reserved_space = "\(ByteSize.format(reservedSpace))"
        # Largest share accepted (413 above it).
        maximum_share_size = "\(ByteSize.format(maximumShareSize))"
        # Most bytes of shares a storage server holds, finished and being uploaded. A request
        # for more shares than fit gets those that fit; the uploader places the rest elsewhere.
        \(sizeLimit.map { "size_limit = \"\(ByteSize.format($0))\"" } ?? "# size_limit = \"500G\"")

        """
    }
}
