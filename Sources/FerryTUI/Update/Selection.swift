/// Moving the selection and keeping it on screen.
enum Selection {
    /// Moves the selection `delta` rows in the visible list (clamped).
    static func move(_ delta: Int, _ model: inout Model) {
        let visible = model.visible
        guard !visible.isEmpty else { return }
        let current = visible.firstIndex { $0.id == model.selected } ?? 0
        let target = max(0, min(visible.count - 1, current + delta))
        if model.selected != visible[target].id { model.detailsTop = 0 }
        model.selected = visible[target].id
    }

    /// A selection that is still listed (else the first row), and a scroll that shows it.
    static func keepValid(_ model: inout Model) {
        let visible = model.visible
        if !visible.contains(where: { $0.id == model.selected }) { model.selected = visible.first?.id }
        let height = Layout(width: model.width, height: model.height).listHeight
        let row = visible.firstIndex { $0.id == model.selected } ?? 0
        if row < model.top { model.top = row }
        if row >= model.top + height { model.top = row - height + 1 }
        model.top = max(0, min(model.top, max(0, visible.count - height)))
    }
}
