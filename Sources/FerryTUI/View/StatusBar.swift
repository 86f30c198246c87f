/// The bottom row: the filter prompt while it is typed, else a message, else the main
/// keys; the counts of transfers on the right.
enum StatusBar {
    /// Rows the status message takes at the bottom: 1, or more for one too long for the row
    /// beside the counts (up to a third of the screen); 0 with none.
    static func messageRows(_ model: Model, _ glyphs: Glyphs) -> Int {
        guard let message = model.message, model.filterField == nil else { return 0 }
        guard !fitsBesideCounts(message.text, countsX: countsX(model, glyphs)) else { return 1 }
        return min(LineWrap.words(message.text, width: model.width - 2).count, max(1, model.height / 3))
    }

    /// Where the counts start on the row.
    private static func countsX(_ model: Model, _ glyphs: Glyphs) -> Int {
        model.width - 1 - DisplayWidth.of(counts(model, glyphs))
    }

    /// The counts as shown: with the paused ones where that costs no key's hint, else
    /// without (they are what needs the person least).
    static func counts(_ model: Model, _ glyphs: Glyphs) -> String {
        let full = summary(model, glyphs), short = summary(model, glyphs, paused: false)
        guard full != short else { return full }
        let keys = { (counts: String) in hints(model, before: model.width - 1 - DisplayWidth.of(counts)).count }
        return keys(full) >= keys(short) ? full : short
    }

    /// A message short enough for the row beside the counts (two columns between).
    private static func fitsBesideCounts(_ text: String, countsX: Int) -> Bool {
        DisplayWidth.of(text) <= countsX - 2
    }

    static func draw(_ model: Model, y: Int, _ glyphs: Glyphs, into grid: inout CellGrid) {
        grid.fill(y: y, role: .hintText)
        if let field = model.filterField {
            let prompt = "filter: "
            grid.put(prompt, x: 1, y: y, role: .hintKey)
            grid.put(field.text, x: 1 + prompt.count, y: y, role: .input)
            grid.cursor = Point(x: 1 + prompt.count + DisplayWidth.of(String(field.text.prefix(field.cursor))), y: y)
            return
        }
        let counts = counts(model, glyphs)
        let countsX = countsX(model, glyphs)
        if let message = model.message {
            let role: StyleRole = message.isError ? .error : .message
            guard !fitsBesideCounts(message.text, countsX: countsX) else {
                grid.put(message.text, x: 1, y: y, role: role, limit: max(0, countsX - 2))
                if countsX > 1 { grid.put(counts, x: countsX, y: y, role: .hintText) }
                return
            }
            // Too long for one row beside the counts: the whole width, over as many rows as it
            // takes (up to a third of the screen), so the part that says what to do is seen.
            var lines = LineWrap.words(message.text, width: model.width - 2)
            let rows = messageRows(model, glyphs)
            if lines.count > rows {
                lines = Array(lines.prefix(rows))
                lines[rows - 1] = Truncate.end(lines[rows - 1] + " " + glyphs.ellipsis, model.width - 2, ellipsis: glyphs.ellipsis)
            }
            for (index, line) in lines.enumerated() {
                let row = y - rows + 1 + index
                grid.fill(y: row, role: .hintText)
                grid.put(line, x: 1, y: row, role: role, limit: model.width - 2)
            }
            return
        } else {
            var x = 1
            for (label, hint) in hints(model, before: countsX) {
                x += grid.put(label, x: x, y: y, role: .hintKey) + 1
                x += grid.put(hint, x: x, y: y, role: .hintText) + 2
            }
        }
        if countsX > 1 { grid.put(counts, x: countsX, y: y, role: .hintText) }
    }

    /// The main keys' labels and hints that fit before column `end`. Where not all fit, the
    /// least needed go first and the help key last: it leads to every other (at 60 columns
    /// the bar had kept "/ filter" and lost "? help").
    private static func hints(_ model: Model, before end: Int) -> [(label: String, hint: String)] {
        // No toggle hint beside a finished transfer: there is nothing to pause or resume.
        let finished = model.selectedTransfer?.state == .done
        var shown: [(action: KeyAction, label: String, hint: String)] = [KeyAction.toggle, .add, .get, .remove, .filter, .help, .quit]
            .filter { !(finished && $0 == .toggle) }
            .compactMap { action in model.keyMap.keys(for: action).first.map { (action, $0.label(unicode: model.unicode), hint(action, model)) } }
        let width = { (entries: [(action: KeyAction, label: String, hint: String)]) in
            entries.map { DisplayWidth.of($0.label) + 1 + DisplayWidth.of($0.hint) + 2 }.reduce(1, +)
        }
        for action in [KeyAction.filter, .get, .remove, .add, .toggle, .quit, .help] where width(shown) >= end {
            shown.removeAll { $0.action == action }
        }
        return shown.map { ($0.label, $0.hint) }
    }

    /// The toggle key says what it would do to the selected transfer ("pause" read beside a
    /// paused one).
    private static func hint(_ action: KeyAction, _ model: Model) -> String {
        guard action == .toggle, let state = model.selectedTransfer?.state else { return action.hint }
        return state.isResumable ? "resume" : action.hint
    }

    /// "6 · 2 active · 1 retrying · 3 paused · 1 failed" (zero counts left out; paused ones
    /// were not counted, and a queue of them read as idle: a user test; `paused` false leaves
    /// them out).
    static func summary(_ model: Model, _ glyphs: Glyphs, paused: Bool = true) -> String {
        var parts = ["\(model.transfers.count)"]
        // Those no process runs (read from the journal with no agent, they come as paused)
        // are counted as their rows say them: "1 paused" stood under a row saying interrupted.
        let interrupted = model.agent == .stopped ? model.interrupted.filter { model.transfer($0) != nil }.count : 0
        let counts = [("active", model.totals.active), ("retrying", model.totals.retrying),
                      ("paused", paused ? model.totals.paused - interrupted : 0), ("interrupted", paused ? interrupted : 0),
                      ("failed", model.totals.failed)]
        for (word, count) in counts where count > 0 { parts.append("\(count) \(word)") }
        if !model.filter.isEmpty { parts.append("filter \"\(model.filter)\"") }
        return parts.joined(separator: " \(glyphs.middot) ")
    }
}
