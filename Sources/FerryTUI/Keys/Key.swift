/// A key press as the screen sees it; the terminal driver turns ncurses codes into these.
/// Every key has a name for config files and the help screen ("space", "C-c", "F5", "k").
public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    /// Text the terminal says was pasted (bracketed paste), whole.
    case paste(String)

    private static let named: [String: Key] = [
        "up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp, "pgdn": .pageDown,
        "home": .home, "end": .end, "enter": .enter, "esc": .escape, "tab": .tab, "backtab": .backTab,
        "backspace": .backspace, "delete": .delete, "space": .character(" "),
    ]

    /// Parses a key name: one character, a name above, "C-x" or "F1"–"F12".
    public init?(name: String) {
        if let key = Self.named[name.lowercased()] {
            self = key
        } else if name.count == 1, let character = name.first {
            self = .character(character)
        } else if name.hasPrefix("C-"), name.count == 3, let character = name.last?.lowercased().first, character.isLetter {
            self = .control(character)
        } else if name.uppercased().hasPrefix("F"), let number = Int(name.dropFirst()), (1...12).contains(number) {
            self = .function(number)
        } else {
            return nil
        }
    }

    /// The name shown in help and accepted in config.
    public var name: String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .control(let character): "C-\(character)"
        case .function(let number): "F\(number)"
        case .paste: "paste"
        default: Self.named.first { $0.value == self }?.key ?? "?"
        }
    }

    /// What the hint bar and help show (arrows as glyphs where the terminal has them).
    public func label(unicode: Bool) -> String {
        switch self {
        case .up: unicode ? "↑" : "up"
        case .down: unicode ? "↓" : "down"
        case .character(" "): unicode ? "␣" : "space"
        default: name
        }
    }
}
