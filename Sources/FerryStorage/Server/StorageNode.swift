import Hummingbird
import FerryCore
import FerryIO

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
        let basedir = basedir
        // Shares arrive as long bodies: megabyte socket reads (LargeReadsChannel).
        return try NodeServer.application(basedir: basedir, listen: listen, name: "storage", largestRead: LargeReads.megabyte, makeRouter: { config, identity in
            let store = try DirectoryShareStore(root: basedir + "/storage", reservedSpace: config.reservedSpace,
                                                sizeLimit: config.sizeLimit, maximumShareSize: config.maximumShareSize, now: now)
            NodeLog.write("storage: keeps \(HumanFormat.bytes(config.reservedSpace)) of its disk free, "
                + (config.sizeLimit.map { "holds at most \(HumanFormat.bytes($0)) of shares, " } ?? "")
                + "takes shares up to \(HumanFormat.bytes(config.maximumShareSize))")
            IdleIncomingSweep.start(store)
            return StorageService(store: store, swissnum: identity.swissnum).router()
        }, onListening: onListening)
    }
}
