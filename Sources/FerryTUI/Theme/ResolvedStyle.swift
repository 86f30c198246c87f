/// What the terminal driver draws a cell with: colour numbers for the terminal's depth
/// (-1: its default colour) and attributes.
public struct ResolvedStyle: Hashable, Sendable {
    public var foreground: Int
    public var background: Int
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(foreground: Int = -1, background: Int = -1, bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }
}
