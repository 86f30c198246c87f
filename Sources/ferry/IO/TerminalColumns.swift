import FerryTUI
import Foundation
import Glibc

/// The width of the terminal on standard error, for a line redrawn in place: a line wider
/// than the terminal wraps, and every redraw then leaves a copy of its first part behind.
enum TerminalColumns {
    static func standardError() -> Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    /// `line` cut to the terminal's width, less the column the cursor rests in.
    static func fitted(_ line: String) -> String {
        Truncate.take(line, standardError() - 1)
    }
}
