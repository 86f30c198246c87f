/// Where a node listens: `HOST:PORT`, or `[IPv6]:PORT`. Port 0 asks the system for a free one.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; nil when the form or the port (0–65535) is wrong.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        self.init(host: host, port: port)
    }

    /// Parses where clients reach a node (`[node] location`): `HOST:PORT`, or `HOST` alone
    /// (`[v6]` bracketed), whose port is then 0: the one the node binds.
    public init?(location text: String) {
        let hostOnly = !text.contains(":") || (text.hasPrefix("[") && text.hasSuffix("]"))
        guard let address = ListenAddress(text) ?? (hostOnly ? ListenAddress(text + ":0") : nil), !address.host.contains("/") else { return nil }
        self = address
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// As a location is written: `HOST` when the port is 0, else `HOST:PORT`.
    public var locationText: String { port != 0 ? description : host.contains(":") ? "[\(host)]" : host }
}
