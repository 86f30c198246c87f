/// The agent's answer to a connection's first message (pure).
public enum Handshake {
    /// A welcome for a hello in a version the agent speaks; otherwise a refusal that says
    /// what to do.
    public static func answer(_ first: AgentFrame, software: String, pid: Int32) -> AgentFrame {
        guard case .hello(let version, let peer) = first else { return .refused(.notGreeted) }
        guard AgentProtocol.accepted.contains(version) else {
            let accepted = AgentProtocol.accepted
            let range = accepted.count == 1 ? "\(accepted.lowerBound)" : "\(accepted.lowerBound) to \(accepted.upperBound)"
            let advice = version < accepted.lowerBound
                ? "this \(peer) is older than the running agent (\(software)): use the newer ferry, or stop the agent with `ferry agent stop`"
                : "this \(peer) is newer than the running agent (\(software)): stop it with `ferry agent stop` and run `ferry` again"
            return .refused(AgentError(code: "protocol.version", message: "protocol \(version) is not spoken here (the agent speaks \(range)); \(advice)"))
        }
        return .welcome(protocolVersion: AgentProtocol.current, software: software, pid: pid)
    }
}
