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
    /// The limits in force (from the config, a screen's `l`, or a changed config); optional
    /// so a newer client reads an older agent's status.
    public var maximumActive: Int?
    public var rateLimit: UInt64?
    /// Why the config file on disk is not the one in use (it does not parse); nil when it is.
    public var configProblem: String?

    public init(pid: Int32, software: String, protocolVersion: Int, socket: String, started: Double, transfers: Int, active: Int, clients: Int,
                maximumActive: Int? = nil, rateLimit: UInt64? = nil, configProblem: String? = nil) {
        self.configProblem = configProblem
        self.maximumActive = maximumActive
        self.rateLimit = rateLimit
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
