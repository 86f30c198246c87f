/// Everything a key can do on the list. Raw values are the names in the config's `[keys]`.
public enum KeyAction: String, CaseIterable, Sendable {
    case up, down, pageUp = "page_up", pageDown = "page_down", top, bottom
    case toggle, pauseAll = "pause_all", resumeAll = "resume_all", add, get, remove
    case priorityUp = "priority_up", priorityDown = "priority_down", rateLimit = "rate_limit"
    case filter, sort, switchPane = "switch_pane", copyCap = "copy_cap", help, quit

    public enum Group: String, CaseIterable, Sendable {
        case navigate, transfers, view, app
    }

    public var group: Group {
        switch self {
        case .up, .down, .pageUp, .pageDown, .top, .bottom: .navigate
        case .toggle, .pauseAll, .resumeAll, .add, .get, .remove, .priorityUp, .priorityDown, .rateLimit: .transfers
        case .filter, .sort, .switchPane, .copyCap: .view
        case .help, .quit: .app
        }
    }

    /// A few words for the help screen.
    public var summary: String {
        switch self {
        case .up: "previous transfer"
        case .down: "next transfer"
        case .pageUp: "page up"
        case .pageDown: "page down"
        case .top: "first transfer"
        case .bottom: "last transfer"
        case .toggle: "pause or resume the selected transfer"
        case .pauseAll: "pause all"
        case .resumeAll: "resume all"
        case .add: "add an upload"
        case .get: "download a cap"
        case .remove: "remove the selected transfer (x: and its part file)"
        case .priorityUp: "raise its priority"
        case .priorityDown: "lower its priority"
        case .rateLimit: "rate limit (selected or all)"
        case .filter: "filter by name"
        case .sort: "change the sort order"
        case .switchPane: "switch between list and details"
        case .copyCap: "copy the cap (OSC 52)"
        case .help: "this help"
        case .quit: "quit (transfers go on in the background agent)"
        }
    }

    /// The word in the hint bar.
    public var hint: String {
        switch self {
        case .toggle: "pause"
        case .add: "add"
        case .get: "get"
        case .remove: "remove"
        case .filter: "filter"
        case .help: "help"
        case .quit: "quit"
        default: rawValue
        }
    }
}
