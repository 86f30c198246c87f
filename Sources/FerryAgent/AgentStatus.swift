/// What `ferry agent status` prints.
public struct AgentStatus: Sendable, Equatable, Codable {
    public var pid: Int32
    public var software: String
    public var protocolVersion: Int
    public var socket: String
    /// Seconds since 1970 when the agent started.
    public var started: Double
    public var transfers: Int
    public var active: Int
    public var clients: Int

    public init(pid: Int32, software: String, protocolVersion: Int, socket: String, started: Double, transfers: Int, active: Int, clients: Int) {
        self.pid = pid
        self.software = software
        self.protocolVersion = protocolVersion
        self.socket = socket
        self.started = started
        self.transfers = transfers
        self.active = active
        self.clients = clients
    }
}
