import FerryTUI

/// What reading the terminal gave: a key, a new size, or nothing before the timeout.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case none
}
