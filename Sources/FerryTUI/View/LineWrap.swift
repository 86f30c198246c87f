/// Text laid out in lines of at most a width (display columns). Pure.
enum LineWrap {
    /// Parts (a dialog's key hints: "Tab completes", "Enter adds") joined by `separator`
    /// while they fit, the rest on the next line; a part is never split.
    static func wrap(_ parts: [String], width: Int, separator: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for part in parts {
            let joined = current.isEmpty ? part : current + separator + part
            if current.isEmpty || DisplayWidth.of(joined) <= width {
                current = joined
            } else {
                lines.append(current)
                current = part
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Prose broken at spaces; a word longer than a line (a path, a cap) fills the rest of
    /// the line it starts on (when a few columns are left) and goes on over whole lines.
    static func words(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var current = "", used = 0
        func newLine() {
            lines.append(current)
            (current, used) = ("", 0)
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let columns = DisplayWidth.of(String(word)), gap = current.isEmpty ? 0 : 1
            if used + gap + columns <= width {
                current += (gap == 1 ? " " : "") + word
                used += gap + columns
                continue
            }
            if columns <= width || width - used - gap < 4 {
                if !current.isEmpty { newLine() }
            } else if gap == 1 {
                current += " "
                used += 1
            }
            for character in word {
                let size = DisplayWidth.of(String(character))
                if used + size > width, !current.isEmpty { newLine() }
                current.append(character)
                used += size
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
