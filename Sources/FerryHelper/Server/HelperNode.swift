import FerryStorage
import Hummingbird

/// A running helper: identity, settings and spool under `basedir` (`basedir/helper`), the
/// storage servers it pushes to, HTTPS on the configured address. `ferry helper serve` is a
/// thin wrapper around this.
public struct HelperNode: Sendable {
    public let basedir: String
    public let listen: ListenAddress?
    public let storageServers: [NURL]
    public let limits: HelperLimits

    public init(basedir: String, listen: ListenAddress? = nil, storageServers: [NURL], limits: HelperLimits = HelperLimits()) {
        self.basedir = basedir
        self.listen = listen
        self.storageServers = storageServers
        self.limits = limits
    }

    /// Builds the application; `onListening` receives the helper's NURL once the port is bound.
    public func application(now: @escaping @Sendable () -> UInt64,
                            onListening: @escaping @Sendable (NURL) async -> Void) throws -> some ApplicationProtocol {
        let (basedir, limits, servers, storageServers) = (basedir, limits, storageServers.count, storageServers)
        return try NodeServer.application(basedir: basedir, listen: listen, name: "helper", makeRouter: { config, identity in
            var limits = limits
            limits.reservedSpace = config.reservedSpace
            let registry = try UploadRegistry(root: basedir + "/helper", limits: limits, now: now)
            let pusher = PushCoordinator(servers: storageServers, helperSecret: identity.swissnum, registry: registry)
            Task { await registry.whenComplete { index, ticket in Task { await pusher.start(index, ticket) } } }
            let sweep = max(1, min(limits.expireAfter / 4, 3600))
            Task {
                while true {
                    try? await Task.sleep(for: .seconds(sweep))
                    _ = try? await registry.expire()
                }
            }
            return HelperService(registry: registry, grid: pusher, swissnum: identity.swissnum, storageServers: servers).router()
        }, onListening: onListening)
    }
}
