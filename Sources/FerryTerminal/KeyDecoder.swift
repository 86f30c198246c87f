import CNCursesW
import FerryTUI

/// ncurses key codes and characters as ``Key``s. Pure.
enum KeyDecoder {
    /// A function key (`wget_wch` answered KEY_CODE_YES).
    static func function(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        default:
            (1...12).first { ferry_key_f(Int32($0)) == code }.map { .function($0) }
        }
    }

    /// A character (`wget_wch` answered OK).
    static func character(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(UnicodeScalar(UInt8(96 + value))))
        default: return UnicodeScalar(value).map { .character(Character($0)) }
        }
    }
}
