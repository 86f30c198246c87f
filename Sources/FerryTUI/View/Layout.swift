/// Where things go at a terminal size: header and column titles on top, the list, then
/// (when there is room) the details pane and the hint bar. Below 60 columns or 16 rows
/// the details pane and the hints fold away and the list keeps name, bar and state.
public struct Layout: Sendable, Equatable {
    public let width: Int
    public let height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Name, bar and state only.
    public var compact: Bool { width < 60 || height < 16 }
    public var showsDetails: Bool { !compact }
    public var showsHints: Bool { !compact }
    public var detailsHeight: Int { showsDetails ? min(8, max(5, (height - 4) / 3)) : 0 }
    public let listTop = 2
    /// Rows for transfers.
    public var listHeight: Int {
        max(1, height - listTop - (showsDetails ? detailsHeight + 2 : 0) - (showsHints ? 1 : 0))
    }
    /// The row of the separator above the details pane.
    public var detailsSeparator: Int { listTop + listHeight }
}
