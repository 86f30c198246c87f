import TOMLKit

/// Reads a theme from TOML (see `Themes/` and docs/SCREEN.md):
///
///     name = "default"
///     mono = false                     # optional: attributes only
///     [palette]                        # names for colours: 0–255, a basic name, or
///     accent = [39, "cyan"]            #   [256-colour, basic stand-in]
///     [ui]                             # role = "colour [attributes] [on colour]"
///     header = "black on accent"
///     [state]
///     failed = "red bold"
///     [glyphs]
///     bar_full = "█"
///
/// Strict: an unknown section, role, colour, attribute or glyph is an error naming it.
public enum ThemeFile {
    public static func parse(_ text: String) throws(ScreenError) -> Theme {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw .theme("\(error.description) (line \(error.source.begin.line))")
        } catch {
            throw .theme("\(error)")
        }
        var theme = Theme(name: "", styles: [:])
        var palette: [String: PaletteColor] = [:]
        if let entries = table["palette"] {
            guard let entries = entries.table else { throw .theme("palette: expected a table") }
            for name in entries.keys { palette[name] = try color(entries[name]!, key: "palette.\(name)") }
        }
        for key in table.keys {
            let value = table[key]!
            switch key {
            case "name": theme.name = value.string ?? ""
            case "mono":
                guard let flag = value.bool else { throw .theme("mono: expected true or false") }
                theme.monochrome = flag
            case "palette": break
            case "ui", "state":
                guard let entries = value.table else { throw .theme("\(key): expected a table") }
                for name in entries.keys {
                    guard let role = StyleRole(rawValue: name), role.isState == (key == "state") else {
                        throw .theme("\(key).\(name): unknown; expected one of \(roles(state: key == "state"))")
                    }
                    guard let spec = entries[name]!.string else { throw .theme("\(key).\(name): expected a string such as \"red bold on 236\"") }
                    theme.styles[role] = try style(spec, palette: palette, key: "\(key).\(name)")
                }
            case "glyphs":
                guard let entries = value.table else { throw .theme("glyphs: expected a table") }
                for name in entries.keys {
                    guard let glyph = entries[name]!.string, DisplayWidth.of(glyph) == 1, glyph.count == 1 else {
                        throw .theme("glyphs.\(name): expected one character one column wide")
                    }
                    switch name {
                    case "bar_full": theme.glyphs.barFull = glyph
                    case "bar_empty": theme.glyphs.barEmpty = glyph
                    case "bar_full_ascii", "bar_empty_ascii":
                        guard glyph.unicodeScalars.allSatisfy(\.isASCII) else { throw .theme("glyphs.\(name): expected an ASCII character") }
                        if name == "bar_full_ascii" { theme.glyphs.barFullASCII = glyph } else { theme.glyphs.barEmptyASCII = glyph }
                    default: throw .theme("glyphs.\(name): unknown; expected bar_full, bar_empty, bar_full_ascii or bar_empty_ascii")
                    }
                }
            default: throw .theme("\(key): unknown; expected name, mono, palette, ui, state or glyphs")
            }
        }
        guard !theme.name.isEmpty else { throw .theme("name: missing") }
        return theme
    }

    private static func roles(state: Bool) -> String {
        StyleRole.allCases.filter { $0.isState == state }.map(\.rawValue).joined(separator: ", ")
    }

    private static func color(_ value: any TOMLValueConvertible, key: String) throws(ScreenError) -> PaletteColor {
        if let number = value.int, (0...255).contains(number) { return PaletteColor(full: number) }
        if let name = value.string, let color = PaletteColor.named(name) { return color }
        if let pair = value.array, pair.count == 2, let full = pair[0].int, (0...255).contains(full),
           let basicName = pair[1].string, let basic = PaletteColor.named(basicName), (basic.full ?? 0) < 16 {
            return PaletteColor(full: full, basic: basic.basic)
        }
        throw .theme("\(key): expected 0–255, a colour name such as \"cyan\" or \"bright_red\", or [256-colour, \"basic name\"]")
    }

    /// "colour [attributes…] [on colour]" in any order; colours are palette names, basic
    /// names or numbers.
    static func style(_ spec: String, palette: [String: PaletteColor], key: String) throws(ScreenError) -> TextStyle {
        var style = TextStyle()
        var background = false
        for word in spec.split(separator: " ").map(String.init) {
            switch word {
            case "bold": style.bold = true
            case "dim": style.dim = true
            case "underline": style.underline = true
            case "reverse": style.reverse = true
            case "on": background = true
            default:
                guard let color = palette[word] ?? PaletteColor.named(word) else {
                    throw .theme("\(key): \"\(word)\" is not a palette colour, a colour name, a number 0–255 or an attribute (bold, dim, underline, reverse)")
                }
                if background { style.background = color } else { style.foreground = color }
                background = false
            }
        }
        return style
    }
}
