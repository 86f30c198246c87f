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

    /// Prose broken at spaces; a word longer than a line (a path, a cap) is broken where
    /// the line ends.
    static func words(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var pieces: [String] = []
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var rest = Substring(word)
            while DisplayWidth.of(String(rest)) > width {
                var head = "", used = 0
                for character in rest {
                    let columns = DisplayWidth.of(String(character))
                    if used + columns > width, !head.isEmpty { break }
                    head.append(character)
                    used += columns
                }
                pieces.append(head)
                rest = rest.dropFirst(head.count)
            }
            if !rest.isEmpty { pieces.append(String(rest)) }
        }
        return pieces.isEmpty ? [""] : wrap(pieces, width: width, separator: " ")
    }
}
