/// The terminal could not be set up (not a terminal, or no terminal type worked).
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public let code = "screen.terminal"
    public let message: String
    public var description: String { "\(code): \(message)" }
}
