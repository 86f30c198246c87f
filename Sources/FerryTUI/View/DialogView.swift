import FerryCore

/// The open dialog, as a small centred box.
enum DialogView {
    static func draw(_ dialog: Dialog, _ model: Model, _ glyphs: Glyphs, keepFree: Int = 0, into grid: inout CellGrid) {
        let width = min(70, max(36, model.width - 6))
        // The hints under the box's content: as many lines as its inside needs (4 columns
        // of frame and margin), the box growing by the extra ones.
        let inside = min(width, grid.width - 2) - 4
        func hints(_ parts: [String]) -> [String] { LineWrap.wrap(parts, width: inside, separator: " \(glyphs.middot) ") }
        // At the box's foot, in the rows left below `firstFree` (a box cut to a short screen
        // drew them over its fields): the first lines where not all fit.
        func drawHints(_ lines: [String], in box: Box, from firstFree: Int) {
            let kept = lines.prefix(max(0, box.height - 1 - firstFree))
            for (index, line) in kept.enumerated() { box.line(line, row: box.height - 1 - kept.count + index, role: .muted, in: &grid) }
        }
        switch dialog {
        case .add(let field, let choices):
            let keys = hints(["Tab completes", "Enter adds", "Esc cancels"])
            let wanted = min(4, choices.count) + (choices.count > 4 ? 1 : 0)
            let box = Box.centred(width: width, height: 5 + keys.count + wanted, title: "Add an upload", keepFree: keepFree, in: &grid, glyphs)
            box.field("Path", field, row: 2, focused: true, in: &grid, glyphs)
            // The choices Tab found come before the hints in a short box: what the key just did.
            let rows = min(wanted, max(0, box.height - 4))
            let shown = choices.prefix(rows < wanted ? max(0, rows - 1) : min(4, choices.count))
            for (index, choice) in shown.enumerated() { box.line(choice, row: 3 + index, role: .muted, in: &grid) }
            if shown.count < choices.count, rows > 0 {
                box.line("\(glyphs.ellipsis) \(choices.count - shown.count) more", row: 3 + shown.count, role: .muted, in: &grid)
            }
            drawHints(keys, in: box, from: 3 + rows)
        case .get(let cap, let destination, let onDestination):
            // Where to save, Tab completes (empty too: what is here); the arrow goes back. A Tab
            // in the empty field went back to the cap, and a path typed next joined the cap (a
            // user test).
            let keys = hints(onDestination ? ["Tab completes", "\(glyphs.up) cap", "Enter gets", "Esc cancels"] : ["Tab next field", "Enter gets", "Esc cancels"])
            let box = Box.centred(width: width, height: 6 + keys.count, title: "Download a cap", keepFree: keepFree, in: &grid, glyphs)
            box.field("Cap    ", cap, row: 2, focused: !onDestination, in: &grid, glyphs)
            box.field("Save to", destination, row: 3, focused: onDestination, in: &grid, glyphs)
            drawHints(keys, in: box, from: 4)
        case .remove(_, let name, let partFile):
            var keys = hints(["y removes", "n or Esc keeps it"])
            if let partFile {
                // What is downloaded so far stays unless asked: getting the cap again goes on from it.
                // The name gives way, ".part" never: cut, the line would seem to delete the file.
                let suffix = ".part", stem = String(partFile.dropLast(partFile.hasSuffix(".part") ? 5 : 0))
                let part = Truncate.middle(stem, max(1, inside - 19 - suffix.count), ellipsis: glyphs.ellipsis) + suffix
                keys = ["y removes, keeps \(part)", "x removes, deletes \(part)", "n or Esc keeps it"]
            }
            let wanted = 6 + keys.count
            let box = Box.centred(width: width, height: wanted, title: "Remove", keepFree: keepFree, in: &grid, glyphs)
            // Cut to a short screen: the name and the keys, without the words and space around.
            let top = box.height < wanted ? -2 : 0
            if top == 0 { box.line("Remove from the queue:", row: 1, in: &grid) }
            box.line(Truncate.middle(name, box.width - 4, ellipsis: glyphs.ellipsis), row: 2 + top / 2, role: .accent, in: &grid)
            for (index, line) in keys.enumerated() { box.line(line, row: 4 + top + index, role: .muted, in: &grid) }
        case .rateLimit(let target, let field):
            let keys = hints(["500K, 2M; empty or 0: none", "Tab: \(target == nil ? "selected" : "all")", "Esc"])
            let box = Box.centred(width: width, height: 6 + keys.count, title: "Rate limit", keepFree: keepFree, in: &grid, glyphs)
            let who = model.transfer(target).map { "for " + TransferRow.name(of: $0) } ?? "for all transfers together"
            box.line(Truncate.middle(who, width - 4, ellipsis: glyphs.ellipsis), row: 1, role: .accent, in: &grid)
            box.field("Per second", field, row: 3, focused: true, in: &grid, glyphs)
            drawHints(keys, in: box, from: 4)
        }
    }
}
