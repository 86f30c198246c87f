/// One colour of a theme: a 256-colour value and what stands in for it on a 16- or
/// 8-colour terminal (given in the theme, or the nearest basic colour).
public struct PaletteColor: Sendable, Equatable {
    /// 0–255, or nil for the terminal's default colour.
    public let full: Int?
    /// 0–15, or nil for the default colour.
    public let basic: Int?

    public static let terminalDefault = PaletteColor(full: nil, basic: nil)

    public init(full: Int?, basic: Int? = nil) {
        self.full = full
        self.basic = basic ?? full.map(Self.nearestBasic)
    }

    /// The colour number to ask the terminal for at `depth` (-1: default colour).
    public func number(at depth: ColorDepth) -> Int {
        switch depth {
        case .none: -1
        case .basic8: basic.map { $0 % 8 } ?? -1
        case .basic16: basic ?? -1
        case .full256: full ?? -1
        }
    }

    /// The 16 basic colour names, in their terminal order (`bright_` adds 8).
    public static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses "red", "bright_red", "default" or a number 0–255.
    public static func named(_ text: String) -> PaletteColor? {
        let name = text.lowercased().replacingOccurrences(of: "-", with: "_")
        if name == "default" { return .terminalDefault }
        if let index = basicNames.firstIndex(of: name) { return PaletteColor(full: index, basic: index) }
        if name.hasPrefix("bright_"), let index = basicNames.firstIndex(of: String(name.dropFirst(7))) {
            return PaletteColor(full: index + 8, basic: index + 8)
        }
        if let number = Int(name), (0...255).contains(number) { return PaletteColor(full: number) }
        return nil
    }

    /// The basic colour closest to xterm's colour `index` (by RGB distance).
    static func nearestBasic(_ index: Int) -> Int {
        if index < 16 { return index }
        let target = rgb(index)
        return (0..<16).min { distance(rgb($0), target) < distance(rgb($1), target) } ?? 7
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return dr * dr + dg * dg + db * db
    }

    /// xterm's RGB for colour `index`.
    static func rgb(_ index: Int) -> (Int, Int, Int) {
        let basic = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                     (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
        if index < 16 { return basic[index] }
        if index >= 232 {
            let level = 8 + (index - 232) * 10
            return (level, level, level)
        }
        let cube = index - 16, steps = [0, 95, 135, 175, 215, 255]
        return (steps[cube / 36], steps[cube / 6 % 6], steps[cube % 6])
    }
}
