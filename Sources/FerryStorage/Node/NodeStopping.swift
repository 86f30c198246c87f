import Synchronization

/// Whether the node was told to stop (SIGTERM, Ctrl-C). An upload's body still arriving
/// then ends at its next piece, as if the connection broke, and what arrived is made durable
/// and kept: waited out to the grace's end, the node exited with up to several MiB of it
/// written but not committed, and kept less than a broken connection would have (a user
/// test: 3.5 MiB sent again per upload after `ferry grid stop`).
public enum NodeStopping {
    static let flag = Atomic<Bool>(false)

    public static var requested: Bool { flag.load(ordering: .acquiring) }

    public static func request() { flag.store(true, ordering: .releasing) }
}
