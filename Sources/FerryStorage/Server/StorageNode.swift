import FerryIO
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore

/// A running storage node: identity, settings (``NodeConfig``) and store under `basedir`,
/// HTTPS on the configured address. `ferry storage serve` is a thin wrapper around this.
public struct StorageNode: Sendable {
    public let basedir: String
    /// Overrides the configured address for this run (and sets it on the first start).
    public let listen: ListenAddress?

    public init(basedir: String, listen: ListenAddress? = nil) {
        self.basedir = basedir
        self.listen = listen
    }

    /// Builds the application; `onListening` receives the NURL once the port is bound
    /// (useful with port 0). The NURL is also written to `basedir/node.url`. On the first
    /// start the port actually bound is recorded in the config, so the NURL stays the same.
    public func application(now: @escaping @Sendable () -> UInt64,
                            onListening: @escaping @Sendable (NURL) async -> Void) throws -> some ApplicationProtocol {
        let (config, created) = try NodeConfig.loadOrCreate(basedir: basedir, listen: listen)
        let identity = try NodeIdentity.loadOrCreate(basedir: basedir)
        let store = try DirectoryShareStore(root: basedir + "/storage", reservedSpace: config.reservedSpace,
                                            maximumShareSize: config.maximumShareSize, now: now)
        let service = StorageService(store: store, swissnum: identity.swissnum)
        let tls = try PinnedTLS.serverConfiguration(identity)
        var logger = Logger(label: "ferry.storage")
        logger.logLevel = .warning
        let basedir = basedir
        let address = listen ?? config.listen
        return Application(
            router: service.router(),
            server: try .tls(.http1(configuration: .init(additionalChannelHandlers: [ContinueHandler()])), tlsConfiguration: tls),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "ferry-storage"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                if created, config.listen.port == 0 {
                    var pinned = config
                    pinned.listen.port = port
                    try? pinned.save(basedir: basedir)
                }
                let nurl = identity.nurl(host: address.host, port: port)
                try? Directory.writeAtomically(Array((nurl.description + "\n").utf8), to: basedir + "/node.url")
                await onListening(nurl)
            },
            logger: logger)
    }
}
