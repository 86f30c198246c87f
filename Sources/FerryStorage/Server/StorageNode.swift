import FerryIO
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore

/// A running storage node: identity and store under `basedir`, HTTPS on `host:port`.
/// `ferry storage serve` is a thin wrapper around this.
public struct StorageNode: Sendable {
    public let basedir: String
    public let host: String
    public let port: Int

    public init(basedir: String, host: String = "127.0.0.1", port: Int = 0) {
        self.basedir = basedir
        self.host = host
        self.port = port
    }

    /// Builds the application; `onListening` receives the NURL once the port is bound
    /// (useful with port 0). The NURL is also written to `basedir/node.url`.
    public func application(now: @escaping @Sendable () -> UInt64,
                            onListening: @escaping @Sendable (NURL) async -> Void) throws -> some ApplicationProtocol {
        let identity = try NodeIdentity.loadOrCreate(basedir: basedir)
        let store = try DirectoryShareStore(root: basedir + "/storage", now: now)
        let service = StorageService(store: store, swissnum: identity.swissnum)
        let tls = try PinnedTLS.serverConfiguration(identity)
        var logger = Logger(label: "ferry.storage")
        logger.logLevel = .warning
        let basedir = basedir
        let host = host
        return Application(
            router: service.router(),
            server: try .tls(.http1(configuration: .init(additionalChannelHandlers: [ContinueHandler()])), tlsConfiguration: tls),
            configuration: .init(address: .hostname(host, port: port), serverName: "ferry-storage"),
            onServerRunning: { channel in
                let nurl = identity.nurl(host: host, port: channel.localAddress?.port ?? 0)
                try? Directory.writeAtomically(Array((nurl.description + "\n").utf8), to: basedir + "/node.url")
                await onListening(nurl)
            },
            logger: logger)
    }
}
