/// A colour scheme: a style for every role, the selected row's look, and optional bar
/// glyphs. Resolving a cell's style for the terminal's colour depth is pure; a `mono`
/// theme (or a terminal without colour) keeps only attributes, so meaning never rests on
/// colour alone.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [StyleRole: TextStyle]
    /// Uses no colour even where the terminal has some.
    public var monochrome: Bool
    public var glyphs: GlyphOverrides

    public init(name: String, styles: [StyleRole: TextStyle], monochrome: Bool = false, glyphs: GlyphOverrides = GlyphOverrides()) {
        self.name = name
        self.styles = styles
        self.monochrome = monochrome
        self.glyphs = glyphs
    }

    /// The style of a cell with `role`, on the selected row if `highlighted`.
    public func resolve(_ role: StyleRole, highlighted: Bool, depth: ColorDepth) -> ResolvedStyle {
        let style = styles[role] ?? styles[.normal] ?? TextStyle()
        let selected = styles[.selected] ?? TextStyle(reverse: true)
        let depth = monochrome ? .none : depth
        guard depth != .none else {
            return ResolvedStyle(bold: style.bold || (highlighted && selected.bold), dim: style.dim, underline: style.underline,
                                 reverse: style.reverse != highlighted)
        }
        var resolved = ResolvedStyle(foreground: style.foreground.number(at: depth), background: style.background.number(at: depth),
                                     bold: style.bold, dim: style.dim, underline: style.underline, reverse: style.reverse)
        // Eight colours have no grey: greys fell to black, so muted text, empty bar cells and
        // rules were black on the terminal's own background (unreadable on a dark one: TERM
        // screen or linux, a user test), and the selection a black band. There, such text is
        // the terminal's own colour, dimmed, and the selection is reverse video.
        let blackOrGrey: (PaletteColor) -> Bool = { depth == .basic8 && ($0.basic == 0 || $0.basic == 8) }
        if blackOrGrey(style.foreground), resolved.background < 0 { (resolved.foreground, resolved.dim) = (-1, true) }
        if highlighted {
            resolved.background = blackOrGrey(selected.background) ? -1 : selected.background.number(at: depth)
            if resolved.background < 0 { resolved.reverse.toggle() }
            resolved.bold = resolved.bold || selected.bold
            if role == .normal || role == .muted, selected.foreground.full != nil { resolved.foreground = selected.foreground.number(at: depth) }
        }
        return resolved
    }
}

extension Theme {
    /// A shipped theme by name (`Themes/`), or nil.
    public static func builtin(_ name: String) -> Theme? {
        BuiltinThemes.files[name].flatMap { try? ThemeFile.parse($0) }
    }

    /// The default theme; the fallback whenever another cannot be read.
    public static var standard: Theme {
        builtin("default") ?? Theme(name: "default", styles: [:])
    }
}
