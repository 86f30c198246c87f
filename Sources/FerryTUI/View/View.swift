/// Draws the model into a grid of cells, the whole screen at once. Pure: the same model,
/// size and glyphs always give the same grid (golden tests compare it).
public enum View {
    public static func render(_ model: Model, glyphs: Glyphs) -> CellGrid {
        var grid = CellGrid(width: model.width, height: model.height)
        guard model.width >= 20, model.height >= 5 else {
            // Said whole at any width: cut, it read "Ferry: make the win".
            let words = ["Ferry: make the window bigger", "make the window bigger", "too small", "small"]
            grid.put(words.first { DisplayWidth.of($0) <= model.width } ?? "", x: 0, y: 0, role: .title)
            return grid
        }
        if model.helpShown {
            HelpView.draw(model, glyphs, into: &grid)
            return grid
        }
        let layout = Layout(model)
        HeaderView.draw(model, layout, glyphs, into: &grid)
        // Compact: a message or the filter prompt is drawn over the list's last rows.
        let covered = layout.showsHints ? 0 : model.filterField != nil ? 1 : StatusBar.messageRows(model, glyphs)
        if !layout.detailsReplaceList { ListView.draw(model, layout, glyphs, covered: covered, into: &grid) }
        if layout.showsDetails { DetailsView.draw(model, layout, glyphs, into: &grid) }
        if layout.showsHints {
            StatusBar.draw(model, y: model.height - 1, glyphs, into: &grid)
        } else if model.filterField != nil || model.message != nil {
            StatusBar.draw(model, y: model.height - 1, glyphs, into: &grid)
        }
        if let dialog = model.dialog { DialogView.draw(dialog, model, glyphs, keepFree: StatusBar.messageRows(model, glyphs), into: &grid) }
        return grid
    }
}
