/// The versions of the agent protocol (docs/PROTOCOL.md). A peer names the one it speaks
/// in its first message; the agent answers with a welcome when it speaks it too, or
/// refuses with `protocol.version` and the versions it does speak.
public enum AgentProtocol {
    /// The version this build speaks.
    public static let current = 1
    /// Every version this build's agent accepts from a client.
    public static let accepted: ClosedRange<Int> = 1...1
    /// The longest message accepted, in bytes (a whole snapshot of a 10,000-transfer queue
    /// is ~8 MiB of JSON).
    public static let maximumMessage = 32 << 20
}
