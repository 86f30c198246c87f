/// A node directory another running node holds (`node.lock`): two nodes on one directory
/// would share its shares or spool, and the later would overwrite `node.url` with a NURL
/// that dies with it (operator test).
public struct NodeBusy: Error, Sendable {
    public let basedir: String
    /// The running node's pid, when its lock file says.
    public let pid: Int32?

    public var code: String { "node.already_running" }
    public var message: String {
        "another node serves \(basedir)\(pid.map { " (pid \($0))" } ?? ""); stop it first (a node told to stop takes up to 5 s to end)"
    }
}
