/// What the screen shows, cell by cell: the view's whole output. Writing clips at the
/// edges and never splits a wide grapheme (a half that does not fit becomes a space).
public struct CellGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor goes (in a text field), or nil to hide it.
    public var cursor: Point?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from column `x` of row `y`, within `limit` columns (to the edge if
    /// nil); answers the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole = .normal, limit: Int? = nil, highlighted: Bool = false) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var column = x
        for character in text {
            for (piece, columns) in DisplayWidth.pieces(character) where columns > 0 {
                guard column + columns <= end else {
                    while column < end {
                        if column >= 0 { self[column, y] = Cell(" ", role: role, highlighted: highlighted) }
                        column += 1
                    }
                    return column - x
                }
                if column >= 0 { self[column, y] = Cell(piece, role: role, highlighted: highlighted) }
                if columns == 2, column + 1 >= 0 { self[column + 1, y] = Cell("", role: role, highlighted: highlighted) }
                column += columns
            }
        }
        return column - x
    }

    /// Paints `count` columns of row `y` from `x` with spaces in `role`.
    public mutating func fill(x: Int = 0, y: Int, count: Int? = nil, role: StyleRole, highlighted: Bool = false) {
        guard y >= 0, y < height else { return }
        let end = min(width, count.map { x + $0 } ?? width)
        for column in max(0, x)..<max(max(0, x), end) { self[column, y] = Cell(" ", role: role, highlighted: highlighted) }
    }

    /// Marks columns `x..<x+count` of row `y` as on the selected row.
    public mutating func highlight(y: Int, x: Int = 0, count: Int? = nil) {
        guard y >= 0, y < height else { return }
        let end = min(width, count.map { x + $0 } ?? width)
        for column in max(0, x)..<max(max(0, x), end) { self[column, y].highlighted = true }
    }

    /// The rows as text (trailing spaces kept), for golden snapshots and tmux comparisons.
    public var lines: [String] {
        (0..<height).map { y in (0..<width).map { self[$0, y].text }.joined() }
    }

    /// The rows as role letters (``StyleRole/letter``); a cell on the selected row shows `#`.
    public var styleLines: [String] {
        (0..<height).map { y in
            String((0..<width).map { x in self[x, y].highlighted ? "#" : self[x, y].role.letter })
        }
    }
}
