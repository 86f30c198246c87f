/// What a scrolled details pane shows at its top, kept there as the transfer changes: a new
/// event comes in above the older ones (newest first) and a retry's reason wraps to more
/// lines, and each moved the lines being read one down, a user reading the events of a
/// retrying upload chasing them line by line (a user test).
struct DetailsAnchor {
    /// The pane's scroll before the change.
    let top: Int
    /// The top scrolled line's text, with the lines above it back to the start of its entry:
    /// a wrapped reason's later lines are the same in every retry of the same reason, and the
    /// scroll went to a newer one (a review).
    let block: [String]

    /// Nil at the top of the pane: there a new event is meant to show.
    static func take(_ model: Model) -> DetailsAnchor? {
        guard model.detailsTop > 0 else { return nil }
        let texts = DetailsView.texts(model, model.measuringGlyphs)
        let index = 1 + model.detailsTop  // the first line stays, the rest scrolls
        guard index < texts.count else { return nil }
        var start = index
        while start > 1, texts[start].hasPrefix(" ") { start -= 1 }  // a wrapped line's indent
        return DetailsAnchor(top: model.detailsTop, block: Array(texts[start...index]))
    }

    /// The scroll that shows the same line at the top again: the nearest place where its
    /// entry's lines are, looking below first (lines come in above it), else the same scroll;
    /// never past the last.
    func top(in model: Model) -> Int {
        let texts = DetailsView.texts(model, model.measuringGlyphs)
        let last = max(0, texts.count - Layout(model).detailsHeight)
        let index = 1 + top
        for distance in 0..<max(1, texts.count) {
            for candidate in [index + distance, index - distance] where candidate < texts.count && candidate - block.count + 1 >= 1 {
                if Array(texts[(candidate - block.count + 1)...candidate]) == block { return min(last, candidate - 1) }
            }
        }
        return min(last, top)
    }
}
