/// Which pane takes the arrow keys.
public enum Pane: Sendable, Equatable {
    case list, details
}
