/// How many colours the terminal shows: none (`NO_COLOR`, a mono terminal, or the mono
/// theme), the 8/16 basic ones, or the 256 of xterm.
public enum ColorDepth: Sendable, Equatable {
    case none, basic8, basic16, full256

    /// From the terminal's colour count and the environment (`NO_COLOR` set and not empty
    /// turns colour off, as no-color.org asks).
    public static func detect(colors: Int, environment: [String: String]) -> ColorDepth {
        if let value = environment["NO_COLOR"], !value.isEmpty { return .none }
        switch colors {
        case 256...: return .full256
        case 16...: return .basic16
        case 8...: return .basic8
        default: return .none
        }
    }
}
