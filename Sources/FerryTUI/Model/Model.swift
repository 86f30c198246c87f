import FerryClient

/// Everything the screen shows, as plain values: the transfers (from the engine's snapshot
/// and events), the selection and scroll, the open dialog or help, filter and sort, recent
/// events per transfer, and the terminal's size. ``Update`` changes it; ``View`` draws it.
public struct Model: Sendable, Equatable {
    /// In the order added.
    public var transfers: [TransferSnapshot] = []
    public var selected: Int64?
    /// The first visible row of the list.
    public var top = 0
    public var filter = ""
    /// The filter being typed (`/`), if any.
    public var filterField: TextField?
    public var sort = SortOrder.added
    public var focus = Pane.list
    public var dialog: Dialog?
    public var helpShown = false
    public var helpTop = 0
    /// The first visible line of the selected transfer's events in the details pane.
    public var detailsTop = 0
    public var helper = HelperStatus.unknown
    public var maximumActive = 0
    public var rateLimit: UInt64 = 0
    /// Recent events per transfer, oldest first.
    public var log: [Int64: [LogLine]] = [:]
    /// When each retrying transfer tries again (seconds since 1970).
    public var retryAt: [Int64: Double] = [:]
    /// A line for the status bar (an error or a confirmation) until the next key.
    public var message: StatusMessage?
    /// Seconds since 1970, from the last tick or event.
    public var now: Double
    /// Seconds east of UTC, for the clock times in the details pane.
    public var utcOffset = 0
    public var width: Int
    public var height: Int
    public var keyMap: KeyMap
    /// Whether the terminal shows UTF-8 (key labels and glyphs follow).
    public var unicode: Bool
    /// Set once the person has asked to quit; the loop ends.
    public var quitting = false

    public static let logLimit = 50

    public init(width: Int, height: Int, now: Double, keyMap: KeyMap = .standard, unicode: Bool = true) {
        self.width = width
        self.height = height
        self.now = now
        self.keyMap = keyMap
        self.unicode = unicode
    }

    /// The transfers the list shows: filtered by name, in the sort order.
    public var visible: [TransferSnapshot] {
        let needle = filter.lowercased()
        return transfers.filter { needle.isEmpty || TransferRow.name(of: $0).lowercased().contains(needle) }
            .sorted { sort.precedes($0, $1) }
    }

    public var selectedTransfer: TransferSnapshot? {
        selected.flatMap { id in transfers.first { $0.id == id } }
    }

    /// Seconds until `transfer` tries again, while it is retrying.
    public func retryIn(_ transfer: TransferSnapshot) -> Double? {
        retryAt[transfer.id].map { $0 - now }
    }

    /// Transfers that hold a slot (active or retrying).
    public var activeCount: Int { transfers.filter { $0.state.holdsSlot }.count }
}
