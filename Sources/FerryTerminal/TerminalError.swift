/// The terminal could not be set up (not a terminal, or no terminal type worked).
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public let code = "screen.terminal"
    public let message: String
    public var description: String { "\(code): \(message)" }

    static let notATerminal = TerminalError(message: "the screen needs a terminal; use ferry put/get/ls in scripts")

    static func cannotMoveCursor(term: String) -> TerminalError {
        // It would draw every frame on one line (an editor's shell buffer, TERM=dumb).
        TerminalError(message: "TERM=\(term) cannot move the cursor, which the screen needs (TERM=xterm-256color works in most terminals); ferry ls, put and get work anywhere")
    }
}
