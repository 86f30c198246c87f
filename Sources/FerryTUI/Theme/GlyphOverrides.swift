/// Bar glyphs a theme may set, each with an ASCII stand-in; nil keeps the built-in one.
public struct GlyphOverrides: Sendable, Equatable {
    public var barFull: String?
    public var barEmpty: String?
    public var barFullASCII: String?
    public var barEmptyASCII: String?

    public init(barFull: String? = nil, barEmpty: String? = nil, barFullASCII: String? = nil, barEmptyASCII: String? = nil) {
        self.barFull = barFull
        self.barEmpty = barEmpty
        self.barFullASCII = barFullASCII
        self.barEmptyASCII = barEmptyASCII
    }
}
