import FerryIO
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore

/// What every Ferry node (storage server, helper) does the same way: settings from
/// `ferry.toml`, a TLS identity pinned by its NURL, HTTPS with `Expect: 100-continue`
/// answered, the NURL printed and written to `basedir/node.url`, and the port bound on the
/// first start recorded so the NURL survives restarts.
public enum NodeServer {
    /// The file whose lock a running node holds, with its pid inside.
    public static func lockFile(_ basedir: String) -> String { basedir + "/node.lock" }

    /// Builds the application; `makeRouter` gets the node's settings and identity.
    public static func application(
        basedir: String, listen: ListenAddress?, name: String, largestRead: Int? = nil,
        makeRouter: (NodeConfig, NodeIdentity) throws -> Router<NodeRequestContext>,
        onListening: @escaping @Sendable (NURL) async -> Void
    ) throws -> some ApplicationProtocol {
        try application(basedir: basedir, listen: listen, name: name, section: NoConfigSection(), largestRead: largestRead,
                        makeRouter: { config, _, identity in try makeRouter(config, identity) }, onListening: onListening)
    }

    /// Builds the application of a node whose `ferry.toml` has one more section; `section`
    /// is written on the first start, and `makeRouter` gets the section as read.
    /// `largestRead` raises the bytes read per socket read (``LargeReadsChannel``);
    /// `interimEvery` sends `102 Processing` that often while a request body arrives
    /// (``InterimHandler``).
    public static func application<Section: NodeConfigSection>(
        basedir: String, listen: ListenAddress?, name: String, section: Section, largestRead: Int? = nil, interimEvery: Double? = nil,
        makeRouter: (NodeConfig, Section, NodeIdentity) throws -> Router<NodeRequestContext>,
        onListening: @escaping @Sendable (NURL) async -> Void
    ) throws -> some ApplicationProtocol {
        FreedBuffersKept.apply()  // a node's megabyte buffers are reused, not faulted in afresh
        // One node per directory, for as long as it runs (the lock goes with the process).
        do { try Directory.createPrivate(basedir) } catch { throw ConfigError.io(error.message) }
        let lockPath = lockFile(basedir)
        guard let lock = try PidLock.take(lockPath) else { throw NodeBusy(basedir: basedir, pid: PidLock.holder(lockPath)) }
        let (config, extra, created) = try NodeConfig.loadOrCreate(basedir: basedir, listen: listen, section: section)
        let identity = try NodeIdentity.loadOrCreate(basedir: basedir)
        let router = try makeRouter(config, extra, identity)
        let tls = try PinnedTLS.serverConfiguration(identity)
        var logger = Logger(label: "ferry.\(name)")
        logger.logLevel = .warning
        let address = listen ?? config.listen
        return Application(
            responder: CountingResponder(base: router.buildResponder()),
            server: HTTPServerBuilder { responder in
                let handlers: @Sendable () -> [any RemovableChannelHandler] = {
                    [ContinueHandler()] + (interimEvery.map { [InterimHandler(every: $0)] } ?? [])
                }
                let http = HTTP1Channel(responder: responder, configuration: HTTP1Channel.Configuration(additionalChannelHandlers: handlers()))
                return LargeReadsChannel(base: try TLSChannel(http, tlsConfiguration: tls), largestRead: largestRead)
            },
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "ferry-\(name)"),
            onServerRunning: { channel in
                withExtendedLifetime(lock) {}  // held by the running application
                let port = channel.localAddress?.port ?? 0
                // "Any port" in the file is made this one, so the NURL stays: on the first start,
                // and on any later one whose first start ended before it bound (a helper given
                // no storage servers: its NURL changed at every restart). A port 0 given with
                // --listen on a later start is for that run only.
                if config.listen.port == 0, created || listen == nil {
                    var pinned = config
                    pinned.listen.port = port
                    try? pinned.save(basedir: basedir, section: extra)
                }
                let reached = config.location ?? ListenAddress(host: address.host, port: 0)
                let nurl = identity.nurl(host: reached.host, port: reached.port == 0 ? port : reached.port)
                if config.location == nil, ["0.0.0.0", "::", ""].contains(address.host) {
                    // Printed as it is, no client could use it (operator test).
                    NodeLog.write("\(name): it listens on every interface, so its NURL names \(address.host), which no client can reach: "
                                  + "set [node] location in \(basedir)/\(NodeConfig.fileName) to the host clients use, and restart")
                }
                NodeLog.write("\(name): serving \(basedir) on \(address.host):\(port)")  // its log said nothing but the NURL
                try? Directory.writeAtomically(Array((nurl.description + "\n").utf8), to: basedir + "/node.url", mode: 0o600)  // its swissnum
                await onListening(nurl)
            },
            logger: logger)
    }
}
