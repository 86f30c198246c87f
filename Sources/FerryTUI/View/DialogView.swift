import FerryCore

/// The open dialog, as a small centred box.
enum DialogView {
    static func draw(_ dialog: Dialog, _ model: Model, _ glyphs: Glyphs, into grid: inout CellGrid) {
        let width = min(70, max(36, model.width - 6))
        switch dialog {
        case .add(let field, let choices):
            let shown = choices.prefix(4)
            let box = Box.centred(width: width, height: 6 + shown.count + (choices.count > 4 ? 1 : 0), title: "Add an upload", in: &grid, glyphs)
            box.field("Path", field, row: 2, focused: true, in: &grid, glyphs)
            for (index, choice) in shown.enumerated() { box.line(choice, row: 3 + index, role: .muted, in: &grid) }
            if choices.count > 4 { box.line("\(glyphs.ellipsis) \(choices.count - 4) more", row: 3 + shown.count, role: .muted, in: &grid) }
            box.line("Tab completes \(glyphs.middot) Enter adds \(glyphs.middot) Esc cancels", row: box.height - 2, role: .muted, in: &grid)
        case .get(let cap, let destination, let onDestination):
            let box = Box.centred(width: width, height: 7, title: "Download a cap", in: &grid, glyphs)
            box.field("Cap    ", cap, row: 2, focused: !onDestination, in: &grid, glyphs)
            box.field("Save to", destination, row: 3, focused: onDestination, in: &grid, glyphs)
            box.line("Tab next field \(glyphs.middot) Enter gets \(glyphs.middot) Esc cancels", row: 5, role: .muted, in: &grid)
        case .remove(_, let name, let partFile):
            let box = Box.centred(width: width, height: partFile == nil ? 7 : 9, title: "Remove", in: &grid, glyphs)
            box.line("Remove from the queue:", row: 1, in: &grid)
            box.line(Truncate.middle(name, box.width - 4, ellipsis: glyphs.ellipsis), row: 2, role: .accent, in: &grid)
            if let partFile {
                // What is downloaded so far stays unless asked: getting the cap again goes on from it.
                let part = Truncate.middle(partFile, box.width - 17, ellipsis: glyphs.ellipsis)
                box.line("y removes, keeps \(part)", row: 4, role: .muted, in: &grid)
                box.line("x removes, deletes \(part)", row: 5, role: .muted, in: &grid)
                box.line("n or Esc keeps it", row: 6, role: .muted, in: &grid)
            } else {
                box.line("y removes \(glyphs.middot) n or Esc keeps it", row: 4, role: .muted, in: &grid)
            }
        case .rateLimit(let target, let field):
            let box = Box.centred(width: width, height: 7, title: "Rate limit", in: &grid, glyphs)
            let who = model.transfer(target).map { "for " + TransferRow.name(of: $0) } ?? "for all transfers together"
            box.line(Truncate.middle(who, width - 4, ellipsis: glyphs.ellipsis), row: 1, role: .accent, in: &grid)
            box.field("Per second", field, row: 3, focused: true, in: &grid, glyphs)
            box.line("500K, 2M; empty or 0: none \(glyphs.middot) Tab: \(target == nil ? "selected" : "all") \(glyphs.middot) Esc", row: 5, role: .muted, in: &grid)
        }
    }
}
