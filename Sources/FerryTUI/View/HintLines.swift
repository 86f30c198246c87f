/// A dialog's key hints ("Tab completes", "Enter adds", "Esc cancels") laid out in as many
/// lines as the box's width needs, never cut inside a hint: joined by `separator` on a
/// line while they fit, the rest on the next. Pure.
enum HintLines {
    static func wrap(_ hints: [String], width: Int, separator: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for hint in hints {
            let joined = current.isEmpty ? hint : current + separator + hint
            if current.isEmpty || DisplayWidth.of(joined) <= width {
                current = joined
            } else {
                lines.append(current)
                current = hint
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
