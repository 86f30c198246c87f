/// The characters the view draws with: Unicode box drawing, blocks and arrows, or plain
/// ASCII for terminals without UTF-8 (`LANG=C`). The theme may set the bar's glyphs.
public struct Glyphs: Sendable, Equatable {
    public var barFull: String
    public var barEmpty: String
    /// Partial fills of one cell, from 1/8 to 7/8 (empty in ASCII: whole cells only).
    public var barEighths: [String]
    public var up: String
    public var down: String
    /// Sparkline levels, lowest first.
    public var spark: [String]
    public var horizontal: String
    public var vertical: String
    /// Top-left, top-right, bottom-left, bottom-right.
    public var corners: [String]
    public var dot: String
    public var ellipsis: String
    public var middot: String
    public var emDash: String
    public let unicode: Bool

    public static let unicode = Glyphs(barFull: "█", barEmpty: "░", barEighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"], up: "↑", down: "↓",
                                       spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], horizontal: "─", vertical: "│",
                                       corners: ["┌", "┐", "└", "┘"], dot: "●", ellipsis: "…", middot: "·", emDash: "—", unicode: true)
    public static let ascii = Glyphs(barFull: "#", barEmpty: "-", barEighths: [], up: "^", down: "v", spark: ["_", ".", "-", "~", "^"],
                                     horizontal: "-", vertical: "|", corners: ["+", "+", "+", "+"], dot: "*", ellipsis: "~",
                                     middot: "|", emDash: "-", unicode: false)

    /// The set for the terminal, with the theme's bar glyphs.
    public static func forTerminal(unicode: Bool, theme: Theme) -> Glyphs {
        var glyphs = unicode ? Glyphs.unicode : Glyphs.ascii
        if unicode {
            glyphs.barFull = theme.glyphs.barFull ?? glyphs.barFull
            glyphs.barEmpty = theme.glyphs.barEmpty ?? glyphs.barEmpty
        } else {
            glyphs.barFull = theme.glyphs.barFullASCII ?? glyphs.barFull
            glyphs.barEmpty = theme.glyphs.barEmptyASCII ?? glyphs.barEmpty
        }
        return glyphs
    }
}
