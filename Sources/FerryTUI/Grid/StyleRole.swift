/// What a cell shows, as the theme colours it: the view says what a cell is, never which
/// colour it gets. Raw values are the names used in theme files (`[ui]` and `[state]`).
public enum StyleRole: String, CaseIterable, Sendable {
    case normal, title, header, columns, muted, accent, border, selected
    case hintKey = "hint_key", hintText = "hint_text"
    case dialog, dialogTitle = "dialog_title", input
    case online, offline, message, error
    // Transfer states: the state word and the filled part of the bar.
    case queued, active, paused, retrying, failed, done

    /// The single letter of golden snapshots' style maps.
    public var letter: Character {
        switch self {
        case .normal: "."
        case .title: "T"
        case .header: "H"
        case .columns: "C"
        case .muted: "m"
        case .accent: "A"
        case .border: "b"
        case .selected: "S"
        case .hintKey: "K"
        case .hintText: "k"
        case .dialog: "D"
        case .dialogTitle: "d"
        case .input: "I"
        case .online: "O"
        case .offline: "o"
        case .message: "M"
        case .error: "E"
        case .queued: "q"
        case .active: "a"
        case .paused: "p"
        case .retrying: "r"
        case .failed: "f"
        case .done: "n"
        }
    }

    /// The theme's `[state]` keys (the rest are `[ui]` keys).
    public var isState: Bool {
        switch self {
        case .queued, .active, .paused, .retrying, .failed, .done: true
        default: false
        }
    }
}
