import FerryTUI

/// What reading the terminal gave: a key, a new size, nothing before the timeout, or the
/// end of the terminal (hung up: its window closed, its ssh connection gone).
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case none
    case closed
}
