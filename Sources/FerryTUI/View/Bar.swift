/// A progress bar of `width` cells for a fraction 0…1: full cells, one partial cell in
/// eighths where the glyphs have them, then empty cells. Answers the filled part and the
/// empty part separately (they are coloured differently).
enum Bar {
    static func parts(_ fraction: Double, width: Int, glyphs: Glyphs) -> (filled: String, empty: String) {
        guard width > 0 else { return ("", "") }
        let clamped = max(0, min(1, fraction.isFinite ? fraction : 0))
        let steps = glyphs.barEighths.isEmpty ? 1 : 8
        let units = Int((clamped * Double(width * steps)).rounded(.down))
        let full = units / steps, partial = units % steps
        var filled = String(repeating: glyphs.barFull, count: full)
        var used = full
        if partial > 0, used < width {
            filled += glyphs.barEighths[partial - 1]
            used += 1
        }
        return (filled, String(repeating: glyphs.barEmpty, count: width - used))
    }
}
