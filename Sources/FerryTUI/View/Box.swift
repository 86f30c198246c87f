/// A bordered box in the middle of the grid, its inside cleared to the dialog role.
struct Box {
    let x: Int, y: Int, width: Int, height: Int

    /// Centres a box of (at most) `width` × `height` in the grid and draws its frame and title.
    /// Centred, and above the bottom `keepFree` rows where there is room (a status message
    /// about the dialog's input is shown there).
    static func centred(width: Int, height: Int, title: String, keepFree: Int = 0, in grid: inout CellGrid, _ glyphs: Glyphs) -> Box {
        let width = min(width, grid.width - 2), height = min(height, grid.height)
        let top = max(0, min((grid.height - height) / 2, grid.height - keepFree - height))
        let box = Box(x: max(0, (grid.width - width) / 2), y: top, width: width, height: height)
        let inner = max(0, width - 2)
        grid.put(glyphs.corners[0] + String(repeating: glyphs.horizontal, count: inner) + glyphs.corners[1], x: box.x, y: box.y, role: .border)
        for row in 1..<max(1, height - 1) {
            grid.put(glyphs.vertical, x: box.x, y: box.y + row, role: .border)
            grid.fill(x: box.x + 1, y: box.y + row, count: inner, role: .dialog)
            grid.put(glyphs.vertical, x: box.x + width - 1, y: box.y + row, role: .border)
        }
        grid.put(glyphs.corners[2] + String(repeating: glyphs.horizontal, count: inner) + glyphs.corners[3], x: box.x, y: box.y + height - 1, role: .border)
        grid.put(" \(Truncate.end(title, max(1, inner - 4), ellipsis: glyphs.ellipsis)) ", x: box.x + 2, y: box.y, role: .dialogTitle, limit: inner - 2)
        return box
    }

    /// Writes a line of text inside the box, row 1 being the first inside row; nothing for a
    /// row outside (a box cut to a short screen has fewer).
    func line(_ text: String, row: Int, role: StyleRole = .dialog, in grid: inout CellGrid) {
        guard row >= 1, row <= height - 2 else { return }
        grid.put(text, x: x + 2, y: y + row, role: role, limit: width - 4)
    }

    /// A labelled text field; places the cursor in it when `focused`.
    func field(_ label: String, _ field: TextField, row: Int, focused: Bool, in grid: inout CellGrid, _ glyphs: Glyphs) {
        let labelWidth = grid.put(label, x: x + 2, y: y + row, role: .dialog)
        let start = x + 2 + labelWidth + 1, room = max(1, width - 4 - labelWidth - 1)
        grid.fill(x: start, y: y + row, count: room, role: .input)
        let before = String(field.text.prefix(field.cursor))
        // Keep the cursor in view: show the end of long text.
        let shift = max(0, DisplayWidth.of(before) - room + 1)
        let shown = String(field.text.dropFirst(shift))
        grid.put(shown, x: start, y: y + row, role: field.selected ? .selected : .input, limit: room)
        if focused { grid.cursor = Point(x: start + DisplayWidth.of(before) - shift, y: y + row) }
    }
}
