/// Every binding, made from the key map and grouped (navigate, transfers, view, app), over
/// the whole screen; scrolls when it does not fit.
enum HelpView {
    static func lines(_ model: Model) -> [(String, StyleRole)] {
        var lines: [(String, StyleRole)] = []
        func entry(_ keys: String, _ summary: String, _ role: StyleRole) {
            let label = "  " + keys.padding(toLength: 14, withPad: " ", startingAt: 0)
            // What a key does wraps under itself in a narrow window rather than being cut.
            for (index, piece) in LineWrap.words(summary, width: model.width - 2 - label.count).enumerated() {
                lines.append(((index == 0 ? label : String(repeating: " ", count: label.count)) + piece, role))
            }
        }
        for group in KeyAction.Group.allCases {
            lines.append((group.rawValue, .accent))
            for action in KeyAction.allCases where action.group == group {
                let keys = model.keyMap.keys(for: action).map { $0.label(unicode: model.unicode) }.joined(separator: " ")
                entry(keys, action.summary, keys.isEmpty ? .muted : .normal)
            }
            lines.append(("", .normal))
        }
        // The dialogs' and the filter's keys, which are not rebound (`?` said nothing of them).
        lines.append(("in dialogs and the filter", .accent))
        for (keys, summary) in dialogKeys { entry(model.unicode ? keys : keys.replacingOccurrences(of: "← →", with: "<- ->"), summary, .normal) }
        return lines
    }

    static let dialogKeys = [
        ("Enter", "add, get, set the limit; keep the filter"),
        ("Esc", "cancel; clear the filter"),
        ("Tab", "complete a path (several: listed); in get, next field; in the rate limit, all or selected"),
        ("y x n", "remove: yes; yes and delete the part file; no"),
        ("← →", "move in the text (also C-b C-f)"),
        ("Home End", "to its start, to its end (also C-a C-e)"),
        ("Bksp Del", "delete a character (also C-h C-d)"),
        ("C-u C-k C-w", "delete to the start, to the end, the word before"),
    ]

    static func draw(_ model: Model, _ glyphs: Glyphs, into grid: inout CellGrid) {
        for y in 0..<grid.height { grid.fill(y: y, role: .normal) }
        grid.fill(y: 0, role: .header)
        grid.put("Ferry keys", x: 1, y: 0, role: .title)
        let all = lines(model)
        let room = max(1, grid.height - 2)
        let top = max(0, min(model.helpTop, all.count - room))
        for (row, line) in all.dropFirst(top).prefix(room).enumerated() {
            grid.put(line.0, x: 1, y: 1 + row, role: line.1, limit: grid.width - 2)
        }
        grid.fill(y: grid.height - 1, role: .hintText)
        grid.put("any key closes \(glyphs.middot) \(glyphs.up)\(glyphs.down) scroll", x: 1, y: grid.height - 1, role: .hintText)
    }
}
