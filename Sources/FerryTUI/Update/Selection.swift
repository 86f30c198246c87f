/// Moving the selection and keeping it on screen.
enum Selection {
    /// Moves the selection `delta` rows in the visible list (clamped).
    static func move(_ delta: Int, _ model: inout Model) {
        guard model.visibleCount > 0 else { return }
        let current = model.row(of: model.selected) ?? 0
        select(model.visibleTransfer(at: max(0, min(model.visibleCount - 1, current + delta))).id, &model)
    }

    /// Selects `id`, its details from their first line.
    static func select(_ id: Int64, _ model: inout Model) {
        if model.selected != id { model.detailsTop = 0 }
        model.selected = id
    }

    /// A selection that is still listed (else the first row), and a scroll that shows it.
    static func keepValid(_ model: inout Model) {
        let row: Int
        if let shown = model.row(of: model.selected) {
            row = shown
        } else {
            model.selected = model.visibleCount > 0 ? model.visibleTransfer(at: 0).id : nil
            row = 0
        }
        let height = Layout(width: model.width, height: model.height).listHeight
        if row < model.top { model.top = row }
        if row >= model.top + height { model.top = row - height + 1 }
        model.top = max(0, min(model.top, max(0, model.visibleCount - height)))
    }
}
