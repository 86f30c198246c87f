/// Terminal columns a character takes: 2 for East Asian wide and most emoji, 0 for a lone
/// combining mark, format character or control, else 1: glibc's `wcwidth`, which ncurses
/// uses, so the screen's own arithmetic and the terminal's agree (a table of a few common
/// ranges missed emoji such as 🚀, and `ferry ls` misaligned them).
public enum DisplayWidth {
    /// The columns a grapheme takes as the screen draws it: the sum of its pieces'.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard scalars.count > 1 else { return scalars.first.map(of) ?? 0 }
        return pieces(character).reduce(0) { $0 + $1.width }
    }

    /// How a grapheme is drawn, one cell (and its width) per piece. Most are one piece. One
    /// of several characters that each take columns (an emoji ZWJ sequence such as 👨‍👩‍👧, a
    /// skin tone, a Devanagari vowel sign, a flag's two letters) is drawn as those characters
    /// side by side, each with the marks after it, the joiners left out: ncurses takes no
    /// cell of more than one such character (it left the cell as it was, and the row's
    /// stray cells stayed), and terminals disagree on how wide a joined sequence is (tmux
    /// 3.3 draws 👨‍👩‍👧 in 2 columns, others in 6), but not on its parts.
    public static func pieces(_ character: Character) -> [(text: String, width: Int)] {
        let scalars = character.unicodeScalars
        guard scalars.count > 1 else { return [(String(character), of(character))] }
        var pieces: [(text: String, width: Int)] = []
        // The zero-width joiner goes, and so does a skin tone after its emoji: glibc gives
        // the modifier 2 columns of its own, which some terminals draw apart (tmux 3.3: 👍🏽
        // in 4 columns) and others join back over the cell before it (the row then shifted).
        for scalar in scalars where scalar.value != 0x200D && !(scalar.properties.isEmojiModifier && !pieces.isEmpty) {
            let width = of(scalar)
            if width > 0 {
                pieces.append((String(scalar), width))
            } else if !pieces.isEmpty {
                pieces[pieces.count - 1].text.unicodeScalars.append(scalar)  // a mark stays with what it marks
            }
        }
        return pieces
    }

    /// `text` as the screen draws it (each grapheme as its ``pieces(_:)``), for output that
    /// is padded to columns on a terminal (`ferry ls`).
    public static func drawn(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value > 0x7F }) else { return text }
        return text.map { pieces($0).map(\.text).joined() }.joined()
    }

    /// Columns one character takes: glibc's `wcwidth`.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        case .format: return visibleFormat.contains(value) ? 1 : 0
        default: return (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) ? 0 : isWide(value) ? 2 : 1  // Hangul vowels and finals join the syllable
        }
    }

    /// Format characters that show: the soft hyphen and the marks written before numbers.
    private static let visibleFormat: Set<UInt32> = [0xAD, 0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD]

    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The wide ranges of glibc 2.36's C.UTF-8 (`wcwidth` == 2; Unicode 15), sorted: the
    /// widths ncurses lays the screen out by, and most terminals agree.
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55, 0x2E80...0x2E99,
        0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x2FF0...0x2FFB, 0x3000...0x3029, 0x302E...0x303E, 0x3041...0x3096,
        0x309B...0x30FF, 0x3105...0x312F, 0x3131...0x318E, 0x3190...0x31E3, 0x31F0...0x321E, 0x3220...0xA48C,
        0xA490...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFA6D, 0xFA70...0xFAD9, 0xFE10...0xFE19,
        0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B, 0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE3,
        0x16FF0...0x16FF1, 0x17000...0x187F7, 0x18800...0x18CD5, 0x18D00...0x18D08, 0x1AFF0...0x1AFF3, 0x1AFF5...0x1AFFB,
        0x1AFFD...0x1AFFE, 0x1B000...0x1B122, 0x1B150...0x1B152, 0x1B164...0x1B167, 0x1B170...0x1B2FB, 0x1F004...0x1F004,
        0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
        0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440,
        0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A, 0x1F595...0x1F596,
        0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7,
        0x1F6DD...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0, 0x1F90C...0x1F93A,
        0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FA74, 0x1FA78...0x1FA7C, 0x1FA80...0x1FA86, 0x1FA90...0x1FAAC,
        0x1FAB0...0x1FABA, 0x1FAC0...0x1FAC5, 0x1FAD0...0x1FAD9, 0x1FAE0...0x1FAE7, 0x1FAF0...0x1FAF6, 0x20000...0x2A6DF,
        0x2A700...0x2B738, 0x2B740...0x2B81D, 0x2B820...0x2CEA1, 0x2CEB0...0x2EBE0, 0x2F800...0x2FA1D, 0x30000...0x3134A
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        var (low, high) = (0, wide.count)
        while low < high {
            let middle = (low + high) / 2
            if wide[middle].upperBound < value { low = middle + 1 } else { high = middle }
        }
        return low < wide.count && wide[low].contains(value)
    }
}
