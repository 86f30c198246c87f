/// How a role looks in a theme: colours (palette names resolved) and attributes.
public struct TextStyle: Sendable, Equatable {
    public var foreground: PaletteColor
    public var background: PaletteColor
    public var bold = false
    public var dim = false
    public var underline = false
    public var reverse = false

    public init(foreground: PaletteColor = .terminalDefault, background: PaletteColor = .terminalDefault,
                bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }
}
