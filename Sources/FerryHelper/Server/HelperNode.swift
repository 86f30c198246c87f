import FerryCore
import FerryStorage
import FerryIO
import Foundation
import Hummingbird

/// A running helper: identity, settings (`ferry.toml` with its `[helper]` section) and
/// spool under `basedir` (`basedir/helper`), the storage servers it pushes to, HTTPS on the
/// configured address. `ferry helper serve` is a thin wrapper around this.
public struct HelperNode: Sendable {
    public let basedir: String
    /// Overrides the configured address for this run (and sets it on the first start).
    public let listen: ListenAddress?
    /// Overrides the configured storage servers for this run (and sets them on the first start).
    public let storageServers: [NURL]?

    public init(basedir: String, listen: ListenAddress? = nil, storageServers: [NURL]? = nil) {
        self.basedir = basedir
        self.listen = listen
        self.storageServers = storageServers
    }

    /// Builds the application; `onListening` receives the helper's NURL once the port is bound.
    public func application(now: @escaping @Sendable () -> UInt64,
                            onListening: @escaping @Sendable (NURL) async -> Void) throws -> some ApplicationProtocol {
        let (basedir, override) = (basedir, storageServers)
        // A client's upload tail draining through a slow link is not a stall: interim answers
        // keep its idle read timer from firing while the bytes still arrive.
        return try NodeServer.application(basedir: basedir, listen: listen, name: "helper", section: HelperConfig(storage: override ?? []),
                                          interimEvery: 1, makeRouter: { config, helper, identity in
            let storage = override ?? helper.storage
            guard !storage.isEmpty else {
                throw ConfigError.badValue(key: "helper.storage", reason: "no storage servers: list them in \(basedir)/\(NodeConfig.fileName) or pass --storage")
            }
            var limits = helper.limits
            limits.reservedSpace = config.reservedSpace
            limits.storageServers = storage.count
            let registry = try UploadRegistry(root: basedir + "/helper", limits: limits, now: now)
            for folder in registry.setAside {
                // Said once, at the start; the node's log keeps it (the embedded grid's node logs).
                NodeLog.write("helper: ciphertext whose meta file is missing or unreadable was set aside in \(folder); "
                    + "its client sends it again when it resumes. Delete the folder once it is of no use")
            }
            // Its settings, said at the start (an operator could not tell what it ran with).
            NodeLog.write("helper: pushes to \(storage.count) storage server\(storage.count == 1 ? "" : "s"), takes uploads up to "
                + "\(HumanFormat.bytes(limits.maximumUploadSize)), keeps \(HumanFormat.bytes(limits.reservedSpace)) of its disk free, accepts "
                + (helper.tokens.isEmpty ? "its swissnum only" : "its swissnum and \(helper.tokens.count) bearer token\(helper.tokens.count == 1 ? "" : "s")"))
            let pusher = PushCoordinator(servers: storage, helperSecret: identity.swissnum, registry: registry)
            Task { await registry.whenComplete { index, ticket in Task { await pusher.start(index, ticket) } } }
            let sweep = max(1, min(limits.expireAfter / 4, 3600))
            Task {
                while true {
                    try? await Task.sleep(for: .seconds(sweep))
                    _ = try? await registry.expire()
                }
            }
            return HelperService(registry: registry, grid: pusher, swissnum: identity.swissnum, tokens: helper.tokens,
                                 storageServers: storage.count).router()
        }, onListening: onListening)
    }
}
