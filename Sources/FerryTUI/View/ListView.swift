import FerryClient
import FerryCore

/// The column titles and the transfer rows.
enum ListView {
    /// `covered`: the bottom rows a message or the filter prompt is drawn over (compact
    /// screens have no status bar of their own): the list scrolls so the selection stays
    /// above them (a message hid the selected row until a key cleared it).
    static func draw(_ model: Model, _ layout: Layout, _ glyphs: Glyphs, covered: Int = 0, into grid: inout CellGrid) {
        let columns = ListColumns(width: model.width - 1, compact: layout.compact, idDigits: String(model.transfers.last?.id ?? 1).count)
        titles(columns, layout, marking: model.sort, glyphs, into: &grid)
        guard model.visibleCount > 0 else {
            empty(model, layout, into: &grid)
            return
        }
        let open = max(1, layout.listHeight - covered)
        let top = model.row(of: model.selected).map { max(model.top, $0 - open + 1) } ?? model.top
        for row in 0..<layout.listHeight {
            let index = top + row
            guard index < model.visibleCount else { break }
            let transfer = model.visibleTransfer(at: index)
            let y = layout.listTop + row
            self.row(transfer, model, columns, glyphs, y: y, into: &grid)
            if transfer.id == model.selected { grid.highlight(y: y) }
        }
    }

    /// The column titles; the one the list is sorted by (`s`, other than the order added)
    /// carries a mark, which was said nowhere but in the status bar for a moment.
    private static func titles(_ columns: ListColumns, _ layout: Layout, marking sort: SortOrder, _ glyphs: Glyphs, into grid: inout CellGrid) {
        let y = layout.listTop - 1
        grid.fill(y: y, role: .columns)
        var x = 1
        /// `order`: the sort order this column stands for.
        func title(_ text: String, _ width: Int, right: Bool = false, order: SortOrder? = nil) {
            guard width > 0 else { return }
            let text = order == sort ? text + (glyphs.unicode ? "▾" : "*") : text
            // Whole or not at all: "Progre" over a narrow bar said nothing more than no title.
            if DisplayWidth.of(text) <= width - 1 || right {
                grid.put(right ? Truncate.right(text, width - 1) : text, x: x, y: y, role: .columns, limit: width - 1)
            }
            x += width
        }
        if layout.compact {
            x += columns.direction
            title("Name", columns.name + 1, order: .name)
            title("Progress", columns.bar + 1, order: .progress)
            title("State", columns.state, order: .state)
            return
        }
        title("#", columns.id)
        title("Name", columns.name + 1, order: .name)
        title("Dir", columns.direction)
        title("Progress", columns.bar + 1, order: .progress)
        title("%", columns.percent, right: true)
        title("Speed", columns.speed, right: true, order: .speed)
        title("ETA", columns.eta, right: true)
        title(" State", columns.state, order: .state)
    }

    private static func row(_ transfer: TransferSnapshot, _ model: Model, _ columns: ListColumns, _ glyphs: Glyphs, y: Int,
                            into grid: inout CellGrid) {
        let role = TransferRow.role(transfer.state)
        let upload = TransferRow.isUpload(transfer)
        let arrow = upload ? glyphs.up : glyphs.down
        let name = Truncate.middle(TransferRow.name(of: transfer), columns.name, ellipsis: glyphs.ellipsis)
        let fraction = TransferRow.fraction(of: transfer)
        let state = model.stateText(transfer)
        var x = 1
        if columns.id > 0 {
            grid.put(Truncate.right(String(transfer.id), columns.id - 2), x: x, y: y, role: .muted)
            x += columns.id
        }
        if columns.id == 0, columns.percent == 0 {
            grid.put(arrow, x: x, y: y, role: .accent)
            x += columns.direction
        }
        grid.put(name, x: x, y: y, limit: columns.name)
        x += columns.name + 1
        if columns.percent > 0 {
            grid.put(" " + arrow, x: x, y: y, role: .accent)
            x += columns.direction
        }
        let (filled, empty) = Bar.parts(fraction, width: columns.bar, glyphs: glyphs)
        let used = grid.put(filled, x: x, y: y, role: role)
        grid.put(empty, x: x + used, y: y, role: .muted)
        x += columns.bar + 1
        if columns.percent > 0 {
            grid.put(Truncate.right("\(Int((fraction * 100).rounded(.down)))%", columns.percent - 1), x: x, y: y)
            x += columns.percent
            let moving = transfer.state == .active && transfer.speed > 0
            grid.put(Truncate.right(moving ? HumanFormat.rate(transfer.speed) : "-", columns.speed - 1), x: x, y: y, role: moving ? .normal : .muted)
            x += columns.speed
            if columns.eta > 0 {
                let eta = moving ? transfer.eta.map(HumanFormat.eta) ?? "-" : "-"
                grid.put(Truncate.right(eta, columns.eta - 1), x: x, y: y, role: eta == "-" ? .muted : .normal)
                x += columns.eta
            }
            x += 1
        }
        // A failure's reason that does not fit is in the details pane.
        let fits = DisplayWidth.of(state) <= columns.state
        grid.put(fits ? state : Truncate.end(state.hasPrefix("failed") ? "failed" : state, columns.state, ellipsis: glyphs.ellipsis), x: x, y: y, role: role)
    }

    private static func empty(_ model: Model, _ layout: Layout, into grid: inout CellGrid) {
        let add = model.keyMap.keys(for: .add).first?.label(unicode: model.unicode) ?? "?"
        let get = model.keyMap.keys(for: .get).first?.label(unicode: model.unicode) ?? "?"
        let lines = model.transfers.isEmpty
            ? ["Nothing queued yet.", "\(add): upload a file   \(get): download a cap"]
            : ["Nothing matches \"\(model.filter)\".", "/ changes the filter; Esc in it clears it."]
        let y = layout.listTop + max(0, layout.listHeight / 2 - 1)
        for (offset, line) in lines.enumerated() {
            let text = Truncate.end(line, model.width - 2, ellipsis: "")
            grid.put(text, x: max(1, (model.width - DisplayWidth.of(text)) / 2), y: y + offset, role: .muted)
        }
    }
}
