import FerryCore

/// The open dialog, as a small centred box.
enum DialogView {
    static func draw(_ dialog: Dialog, _ model: Model, _ glyphs: Glyphs, keepFree: Int = 0, into grid: inout CellGrid) {
        let width = min(70, max(36, model.width - 6))
        // The hints under the box's content: as many lines as its inside needs (4 columns
        // of frame and margin), the box growing by the extra ones.
        let inside = min(width, grid.width - 2) - 4
        func hints(_ parts: [String]) -> [String] { LineWrap.wrap(parts, width: inside, separator: " \(glyphs.middot) ") }
        func drawHints(_ lines: [String], in box: Box) {
            for (index, line) in lines.enumerated() { box.line(line, row: box.height - 1 - lines.count + index, role: .muted, in: &grid) }
        }
        switch dialog {
        case .add(let field, let choices):
            let shown = choices.prefix(4)
            let keys = hints(["Tab completes", "Enter adds", "Esc cancels"])
            let box = Box.centred(width: width, height: 5 + keys.count + shown.count + (choices.count > 4 ? 1 : 0), title: "Add an upload", keepFree: keepFree, in: &grid, glyphs)
            box.field("Path", field, row: 2, focused: true, in: &grid, glyphs)
            for (index, choice) in shown.enumerated() { box.line(choice, row: 3 + index, role: .muted, in: &grid) }
            if choices.count > 4 { box.line("\(glyphs.ellipsis) \(choices.count - 4) more", row: 3 + shown.count, role: .muted, in: &grid) }
            drawHints(keys, in: box)
        case .get(let cap, let destination, let onDestination):
            // Where to save, Tab completes (empty too: what is here); the arrow goes back. A Tab
            // in the empty field went back to the cap, and a path typed next joined the cap (a
            // user test).
            let keys = hints(onDestination ? ["Tab completes", "\(glyphs.up) cap", "Enter gets", "Esc cancels"] : ["Tab next field", "Enter gets", "Esc cancels"])
            let box = Box.centred(width: width, height: 6 + keys.count, title: "Download a cap", keepFree: keepFree, in: &grid, glyphs)
            box.field("Cap    ", cap, row: 2, focused: !onDestination, in: &grid, glyphs)
            box.field("Save to", destination, row: 3, focused: onDestination, in: &grid, glyphs)
            drawHints(keys, in: box)
        case .remove(_, let name, let partFile):
            let box = Box.centred(width: width, height: partFile == nil ? 7 : 9, title: "Remove", keepFree: keepFree, in: &grid, glyphs)
            box.line("Remove from the queue:", row: 1, in: &grid)
            box.line(Truncate.middle(name, box.width - 4, ellipsis: glyphs.ellipsis), row: 2, role: .accent, in: &grid)
            if let partFile {
                // What is downloaded so far stays unless asked: getting the cap again goes on from it.
                // The name gives way, ".part" never: cut, the line would seem to delete the file.
                let suffix = ".part", stem = String(partFile.dropLast(partFile.hasSuffix(".part") ? 5 : 0))
                let part = Truncate.middle(stem, max(1, box.width - 4 - 19 - suffix.count), ellipsis: glyphs.ellipsis) + suffix
                box.line("y removes, keeps \(part)", row: 4, role: .muted, in: &grid)
                box.line("x removes, deletes \(part)", row: 5, role: .muted, in: &grid)
                box.line("n or Esc keeps it", row: 6, role: .muted, in: &grid)
            } else {
                box.line("y removes \(glyphs.middot) n or Esc keeps it", row: 4, role: .muted, in: &grid)
            }
        case .rateLimit(let target, let field):
            let keys = hints(["500K, 2M; empty or 0: none", "Tab: \(target == nil ? "selected" : "all")", "Esc"])
            let box = Box.centred(width: width, height: 6 + keys.count, title: "Rate limit", keepFree: keepFree, in: &grid, glyphs)
            let who = model.transfer(target).map { "for " + TransferRow.name(of: $0) } ?? "for all transfers together"
            box.line(Truncate.middle(who, width - 4, ellipsis: glyphs.ellipsis), row: 1, role: .accent, in: &grid)
            box.field("Per second", field, row: 3, focused: true, in: &grid, glyphs)
            drawHints(keys, in: box)
        }
    }
}
