import CNCursesW
import FerryTUI
import Foundation
import Glibc

/// The screen through ncurses: the only code that calls it. Sets the terminal up (locale
/// first, a fallback when TERM is unknown, colours with the terminal's own background),
/// draws cell grids (only the cells that changed), reads keys with a timeout, and puts it
/// all back on ``stop()``. Use from one thread.
public final class Terminal {
    public let depth: ColorDepth
    public let unicode: Bool
    private let screen: OpaquePointer
    private var pairs: [PairKey: Int16] = [:]
    private var shown: CellGrid?
    private var stopped = false
    /// The terminal type drawn for when `TERM` names one this system does not know.
    public private(set) var standIn: String?

    private struct PairKey: Hashable {
        let foreground: Int
        let background: Int
    }

    /// Refuses what surely cannot show a screen, without touching the terminal: for a
    /// caller to say so before it starts anything (an agent, a grid) the screen would use.
    public static func check(environment: [String: String]) throws(TerminalError) {
        guard isatty(0) != 0, isatty(1) != 0 else { throw .notATerminal }
        if environment["TERM"] == "dumb" { throw .cannotMoveCursor(term: "dumb") }
    }

    /// Takes over the terminal on standard input and output.
    public init(environment: [String: String]) throws(TerminalError) {
        try Self.check(environment: environment)
        setlocale(LC_ALL, "")
        var opened = newterm(nil, ferry_stdout(), ferry_stdin())
        if opened == nil {
            // An unknown TERM (a rare ssh client, a container): fall back instead of failing,
            // and say so (the screen drew for xterm without a word, a user test).
            for fallback in ["xterm-256color", "xterm", "vt100"] where opened == nil {
                opened = newterm(fallback, ferry_stdout(), ferry_stdin())
                if opened != nil { standIn = fallback }
            }
        }
        guard let opened else { throw TerminalError(message: "no terminal type works here (TERM=\(environment["TERM"] ?? ""))") }
        screen = opened
        set_term(screen)
        guard ferry_can_move_cursor() != 0 else {
            endwin()
            delscreen(screen)
            throw .cannotMoveCursor(term: environment["TERM"] ?? "")
        }
        cbreak()
        noecho()
        nonl()
        keypad(ferry_stdscr(), true)
        intrflush(ferry_stdscr(), false)
        set_escdelay(25)
        // Home and End (and PgUp, PgDn) as the usual terminals send them, whatever TERM says:
        // inside tmux with TERM=xterm (tmux sends \e[1~ and \e[4~, xterm's entry says \eOH and
        // \eOF) they did nothing, nor PgUp under TERM=vt100. A sequence the entry already knows
        // keeps its meaning.
        for (sequence, key) in [("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
                                ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
                                ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE)]
        where key_defined(sequence) == 0 {
            define_key(sequence, key)
        }
        // Ctrl-Q, Ctrl-S and Ctrl-V reach the screen as keys: with flow control on (cbreak
        // keeps it) the terminal took C-q/C-s for itself, so a `quit = ["C-q"]` binding could
        // never work and C-s froze the output. Ctrl-C and Ctrl-Z stay signals. Kept as the
        // program's mode (after ncurses' own changes, which write its copy of the modes back),
        // for ncurses to restore after a suspend.
        var modes = termios()
        if tcgetattr(0, &modes) == 0 {
            modes.c_iflag &= ~tcflag_t(IXON | IXOFF)
            modes.c_lflag &= ~tcflag_t(IEXTEN)
            tcsetattr(0, TCSANOW, &modes)
            def_prog_mode()
        }
        curs_set(0)
        Self.writeOut(Self.bracketedPasteOn)
        var colors = 0
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(ferry_colors())
        }
        depth = ColorDepth.detect(colors: colors, environment: environment)
        unicode = ferry_locale_is_utf8() != 0
    }

    deinit { stop() }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(ferry_stdscr())), Int(getmaxy(ferry_stdscr())))
    }

    /// Draws `grid` in `theme`: cells that differ from the last frame, then the cursor.
    public func draw(_ grid: CellGrid, theme: Theme) {
        let full = shown.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full { werase(ferry_stdscr()) }
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if !full, let shown, shown[x, y] == cell { continue }
                // The right half of a wide character: the terminal draws it with the left one.
                // Not outside a UTF-8 locale, where the left is one `?`: the half was never drawn
                // and what was there before showed through (a user test's CJK name).
                guard !cell.text.isEmpty || !unicode else { continue }
                put(cell, x: x, y: y, theme: theme)
            }
        }
        shown = grid
        if let cursor = grid.cursor {
            curs_set(1)
            wmove(ferry_stdscr(), Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(ferry_stdscr())
        doupdate()
    }

    private func put(_ cell: Cell, x: Int, y: Int, theme: Theme) {
        let style = theme.resolve(cell.role, highlighted: cell.highlighted, depth: depth)
        var attributes = ferry_a_normal()
        if style.bold { attributes |= ferry_a_bold() }
        if style.dim { attributes |= ferry_a_dim() }
        if style.underline { attributes |= ferry_a_underline() }
        if style.reverse { attributes |= ferry_a_reverse() }
        let pair = self.pair(style.foreground, style.background)
        // Outside a UTF-8 locale ncurses drew other characters (a name's é) as blanks.
        var text = cell.text.isEmpty ? [wchar_t(0x3F)] : cell.text.unicodeScalars.prefix(7).map { wchar_t(bitPattern: unicode || $0.isASCII ? $0.value : 0x3F) }
        text.append(0)
        _ = text.withUnsafeBufferPointer { ferry_put_cell(Int32(y), Int32(x), $0.baseAddress, attributes, pair) }
    }

    /// The colour pair for a foreground and background (-1: the terminal's default),
    /// allocated on first use; pair 0 when colours are off or pairs run out.
    private func pair(_ foreground: Int, _ background: Int) -> Int16 {
        guard depth != .none, foreground >= 0 || background >= 0 else { return 0 }
        let key = PairKey(foreground: foreground, background: background)
        if let known = pairs[key] { return known }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < ferry_color_pairs() else { return 0 }
        init_pair(next, Int16(foreground), Int16(background))
        pairs[key] = next
        return next
    }

    /// Waits up to `milliseconds` for a key (0: only what is already there).
    public func read(timeout milliseconds: Int) -> TerminalInput {
        let (result, value) = next(waiting: Int32(milliseconds))
        switch result {
        case KEY_CODE_YES:
            if Int32(value) == KEY_RESIZE {
                shown = nil
                return .resize(width: size.width, height: size.height)
            }
            return KeyDecoder.function(Int32(value)).map(TerminalInput.key) ?? .none
        case OK where value == 27:
            return afterEscape()
        case OK:
            return KeyDecoder.character(UInt32(value)).map(TerminalInput.key) ?? .none
        default:
            return hungUp ? .closed : .none
        }
    }

    /// An Escape: the key, unless what follows at once starts a sequence ncurses did not know
    /// (it waited ESCDELAY for one it knows, then handed the bytes on one at a time), which
    /// is dropped whole: under TERM=linux, F1 (`ESC O P`) paused every transfer and F3
    /// (`ESC O R`) resumed them, `P` and `R` taken as keys (a user test). A pasted text
    /// (bracketed paste, `ESC [200~` … `ESC [201~`) comes as one ``Key/paste(_:)``. Any other
    /// key right after it is its own (Esc then `q`, typed fast or sent by a script, closed
    /// the dialog and quit; Alt with a key is the same bytes, and means the same).
    private func afterEscape() -> TerminalInput {
        let (result, value) = next(waiting: 0)
        // A key ncurses knew (Esc then an arrow at once, Alt with an arrow) is its own key.
        if result == KEY_CODE_YES { ungetch(Int32(value)) }
        guard result == OK else { return .key(.escape) }
        let next = UInt32(value)
        switch next {
        case 0x5B:  // CSI: parameters, then a final byte
            let body = sequenceBody()
            return body == "200~" ? .key(.paste(pasted())) : .none
        case 0x4F:  // SS3: one more
            _ = pending(waiting: 0)
            return .none
        default:
            unget_wch(wchar_t(bitPattern: next))
            return .key(.escape)
        }
    }

    /// The rest of a CSI sequence, its final byte included.
    private func sequenceBody() -> String {
        var body = ""
        while body.unicodeScalars.count < 32, let value = pending(waiting: 0), let scalar = UnicodeScalar(value) {
            body.unicodeScalars.append(scalar)
            if (0x40...0x7E).contains(value) { break }
        }
        return body
    }

    /// A paste's text, up to its end mark (or 64 Ki characters, or a pause of half a second:
    /// a mark lost must not hold the screen).
    private func pasted() -> String {
        var text = String.UnicodeScalarView()
        var count = 0  // counted as they come: the view's count walks it all each time
        while count < 65_536, let value = pending(waiting: 500) {
            if value == 27 {
                if pending(waiting: 50) == 0x5B, sequenceBody() == "201~" { break }
                continue
            }
            if let scalar = UnicodeScalar(value == 13 ? 10 : value) {
                text.append(scalar)
                count += 1
            }
        }
        return String(text)
    }

    /// A character already sent (or within `milliseconds`); nil for none, or a function key.
    private func pending(waiting milliseconds: Int32) -> UInt32? {
        let (result, value) = next(waiting: milliseconds)
        return result == OK ? UInt32(value) : nil
    }

    /// `wget_wch` within `milliseconds` (0: only what is already there): its result (OK, a
    /// function key's KEY_CODE_YES, or ERR) and the character or key code.
    private func next(waiting milliseconds: Int32) -> (result: Int32, value: wint_t) {
        wtimeout(ferry_stdscr(), milliseconds)
        var value: wint_t = 0
        return (wget_wch(ferry_stdscr(), &value), value)
    }

    /// Whether the terminal's input has ended. After a hangup every read fails at once, so a
    /// screen that took that for a timeout spun on a core until a SIGHUP came, and with
    /// SIGHUP ignored (`nohup`, some ssh setups) it never ended.
    private var hungUp: Bool {
        var input = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&input, 1, 0) == 1 else { return false }
        return input.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Pastes come marked (and whole), so they are not taken as keys.
    static let bracketedPasteOn = "\u{1B}[?2004h", bracketedPasteOff = "\u{1B}[?2004l"

    private static func writeOut(_ text: String) {
        fflush(ferry_stdout())
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
    }

    /// Puts `text` on the clipboard of the terminal (OSC 52; tmux needs set-clipboard on).
    public func copy(_ text: String) {
        let encoded = Data(text.utf8).base64EncodedString()
        let sequence = Array("\u{1B}]52;c;\(encoded)\u{07}".utf8)
        _ = sequence.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        // The last row emptied: on a terminal with no alternate screen (GNU screen's default,
        // vt100) the screen stays, and a message printed after quitting was written over the
        // status bar, its end left showing (a user test).
        wmove(ferry_stdscr(), Int32(max(0, size.height - 1)), 0)
        wclrtoeol(ferry_stdscr())
        wrefresh(ferry_stdscr())
        Self.writeOut(Self.bracketedPasteOff)
        curs_set(1)
        endwin()
        delscreen(screen)
        fflush(ferry_stdout())
    }
}
