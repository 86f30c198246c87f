/// What the screen's inputs can get wrong: a theme file or a key binding. Each has a stable
/// code; the screen says what is wrong and goes on with the default.
public enum ScreenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A theme file that does not parse, or names an unknown role, colour or glyph.
    case theme(String)
    /// A key binding naming an unknown action or key.
    case keys(String)

    public var code: String {
        switch self {
        case .theme: "screen.theme"
        case .keys: "screen.keys"
        }
    }

    public var message: String {
        switch self {
        case .theme(let why), .keys(let why): why
        }
    }

    public var description: String { "\(code): \(message)" }
}
