/// Fitting text into columns: cut in the middle with an ellipsis (file names keep their
/// extension), or at the end; padding to a width. Counts display columns.
public enum Truncate {
    public static func middle(_ text: String, _ width: Int, ellipsis: String) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        guard width > 2 else { return end(text, width, ellipsis: "") }
        let keep = width - DisplayWidth.of(ellipsis)
        let tail = keep / 2, head = keep - tail
        return take(text, head) + ellipsis + String(take(String(text.reversed()), tail).reversed())
    }

    public static func end(_ text: String, _ width: Int, ellipsis: String) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        return take(text, max(0, width - DisplayWidth.of(ellipsis))) + ellipsis
    }

    /// Right-aligns `text` in `width` columns (cut at the end if longer).
    public static func right(_ text: String, _ width: Int) -> String {
        let columns = DisplayWidth.of(text)
        return columns >= width ? take(text, width) : String(repeating: " ", count: width - columns) + text
    }

    /// The longest prefix of `text` within `width` columns.
    public static func take(_ text: String, _ width: Int) -> String {
        var columns = 0
        var result = ""
        for character in text {
            let next = DisplayWidth.of(character)
            guard columns + next <= width else { break }
            result.append(character)
            columns += next
        }
        return result
    }
}
