/// Where things go at a terminal size: header and column titles on top, the list, then
/// (when there is room) the details pane and the hint bar. Below 60 columns or 16 rows
/// the details pane and the hints fold away and the list keeps name, bar and state; there
/// the details, when focused (`Tab`), take the list's place.
public struct Layout: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// The arrow keys are in the details pane.
    public let detailsFocused: Bool

    public init(width: Int, height: Int, detailsFocused: Bool = false) {
        self.width = width
        self.height = height
        self.detailsFocused = detailsFocused
    }

    /// The layout of `model`'s screen.
    public init(_ model: Model) {
        self.init(width: model.width, height: model.height, detailsFocused: model.focus == .details)
    }

    /// Name, bar and state only.
    public var compact: Bool { width < 60 || height < 16 }
    /// Compact, with the details focused: they fill the rows below the header instead of the list.
    public var detailsReplaceList: Bool { compact && detailsFocused }
    public var showsDetails: Bool { !compact || detailsReplaceList }
    public var showsHints: Bool { !compact }
    public var detailsHeight: Int {
        if detailsReplaceList { return max(1, height - 3) }
        // A third of the rows: on a tall terminal the events need not be scrolled line by line
        // (at 70 rows the list had 57 empty rows and the details 8; user test).
        return showsDetails ? max(5, (height - 4) / 3) : 0
    }
    public let listTop = 2
    /// Rows for transfers.
    public var listHeight: Int {
        max(1, height - listTop - (showsDetails ? detailsHeight + 2 : 0) - (showsHints ? 1 : 0))
    }
    /// The row of the separator above the details pane.
    public var detailsSeparator: Int { detailsReplaceList ? 1 : listTop + listHeight }
}
