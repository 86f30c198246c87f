import FerryClient

/// Everything the screen shows, as plain values: the transfers (from the engine's snapshot
/// and events), the selection and scroll, the open dialog or help, filter and sort, recent
/// events per transfer, and the terminal's size. ``Update`` changes it; ``View`` draws it.
public struct Model: Sendable, Equatable {
    /// In the order added. Changed through ``upsert(_:)`` and ``remove(_:)``, which keep
    /// the lookup by id and the list's order up to date.
    public private(set) var transfers: [TransferSnapshot] = []
    /// Where each transfer is in `transfers`.
    private var positions: [Int64: Int] = [:]
    /// The list as shown: positions in `transfers` that pass the filter, in the sort order.
    /// Kept up to date as transfers change, so neither a frame nor an engine event sorts
    /// the whole queue (10,000 transfers: Benchmarks/ScreenBenchmarks).
    public private(set) var order: [Int] = []
    /// Counts and speeds over all transfers.
    public private(set) var totals = QueueTotals()
    public var selected: Int64?
    /// A transfer this screen added, to select when it is first listed (the agent's answer
    /// and the engine's news of it come in either order).
    public var selectWhenListed: Int64?
    /// The first visible row of the list.
    public var top = 0
    public var filter = "" {
        didSet { if filter != oldValue { reorder() } }
    }
    /// The filter being typed (`/`), if any.
    public var filterField: TextField?
    public var sort = SortOrder.added {
        didSet { if sort != oldValue { reorder() } }
    }
    public var focus = Pane.list
    public var dialog: Dialog?
    public var helpShown = false
    public var helpTop = 0
    /// The first visible line of the selected transfer's events in the details pane.
    public var detailsTop = 0
    public var helper = HelperStatus.unknown
    /// The storage servers' answers (nil: none known, or not asked yet).
    public var storage: StorageHealth?
    public var agent = AgentLink.attaching
    /// With no agent running: transfers the journal says hold a slot that no process runs
    /// (`ferry ls` calls them interrupted). Shown as such, counted as paused.
    public var interrupted: Set<Int64> = []
    /// Where `put -` keeps standard input until it is sent (`STATE/stdin/`): an upload from
    /// there is said to come from standard input, not from a path deleted once it is done.
    public var standardInputSpools: String?
    public var maximumActive = 0
    public var rateLimit: UInt64 = 0
    /// Recent events per transfer, oldest first.
    public var log: [Int64: [LogLine]] = [:]
    /// When each retrying transfer tries again (seconds since 1970).
    public var retryAt: [Int64: Double] = [:]
    /// A line for the status bar (an error or a confirmation) until the next key (a notice:
    /// or ``StatusMessage/noticeSeconds``).
    public var message: StatusMessage? {
        didSet { if message != oldValue { messageSince = now } }
    }
    /// When the message shown now was put there (``now``'s clock).
    public private(set) var messageSince = 0.0
    /// Seconds since 1970, from the last tick or event.
    public var now: Double
    /// Seconds east of UTC, for the clock times in the details pane.
    public var utcOffset = 0
    public var width: Int
    public var height: Int
    public var keyMap: KeyMap
    /// Whether the terminal shows UTF-8 (key labels and glyphs follow).
    public var unicode: Bool
    /// The glyph set of the terminal, for measuring layouts (the theme's bars aside: they
    /// take one column either way).
    var measuringGlyphs: Glyphs { unicode ? .unicode : .ascii }
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
    public var visible: [TransferSnapshot] { order.map { transfers[$0] } }

    public var visibleCount: Int { order.count }

    /// The transfer on row `row` of the list.
    public func visibleTransfer(at row: Int) -> TransferSnapshot { transfers[order[row]] }

    /// The row of the list that shows transfer `id`, if it is shown.
    public func row(of id: Int64?) -> Int? {
        guard let id, let position = positions[id] else { return nil }
        return order.firstIndex(of: position)
    }

    public func transfer(_ id: Int64?) -> TransferSnapshot? {
        id.flatMap { positions[$0] }.map { transfers[$0] }
    }

    public var selectedTransfer: TransferSnapshot? { transfer(selected) }

    /// Adds `transfer` or replaces the one with its id, and moves it to its place in the
    /// list; answers what it replaced.
    @discardableResult
    public mutating func upsert(_ transfer: TransferSnapshot) -> TransferSnapshot? {
        guard let position = positions[transfer.id] else {
            transfers.append(transfer)
            positions[transfer.id] = transfers.count - 1
            totals.add(transfer)
            place(transfers.count - 1)
            return nil
        }
        let previous = transfers[position]
        transfers[position] = transfer
        totals.subtract(previous)
        totals.add(transfer)
        if let row = order.firstIndex(of: position), !inPlace(row) {
            order.remove(at: row)
            place(position)
        }
        return previous
    }

    /// Forgets transfer `id`.
    public mutating func remove(_ id: Int64) {
        guard let position = positions[id] else { return }
        transfers.remove(at: position)
        positions = Dictionary(uniqueKeysWithValues: transfers.enumerated().map { ($1.id, $0) })
        totals = QueueTotals(transfers)  // afresh: no drift from adding and taking speeds
        reorder()
    }

    /// Puts the transfer at `position` into the list where the sort order wants it (binary
    /// search), if the filter lets it in.
    private mutating func place(_ position: Int) {
        guard passes(transfers[position]) else { return }
        var low = 0, high = order.count
        while low < high {
            let middle = (low + high) / 2
            if sort.precedes(transfers[order[middle]], transfers[position]) { low = middle + 1 } else { high = middle }
        }
        order.insert(position, at: low)
    }

    /// Whether row `row` still sorts between its neighbours (after its transfer changed).
    private func inPlace(_ row: Int) -> Bool {
        (row == 0 || sort.precedes(transfers[order[row - 1]], transfers[order[row]]))
            && (row == order.count - 1 || sort.precedes(transfers[order[row]], transfers[order[row + 1]]))
    }

    /// Builds the list again (the filter or the sort changed, or a transfer went).
    private mutating func reorder() {
        let shown = transfers.indices.filter { passes(transfers[$0]) }
        order = sort == .added ? shown : shown.sorted { sort.precedes(transfers[$0], transfers[$1]) }
    }

    private func passes(_ transfer: TransferSnapshot) -> Bool {
        filter.isEmpty || TransferRow.name(of: transfer).lowercased().contains(filter.lowercased())
    }

    /// Seconds until `transfer` tries again, while it is retrying.
    public func retryIn(_ transfer: TransferSnapshot) -> Double? {
        retryAt[transfer.id].map { $0 - now }
    }

    /// The state column's words for `transfer`.
    public func stateText(_ transfer: TransferSnapshot) -> String {
        interrupted.contains(transfer.id) ? "interrupted" : TransferRow.stateText(transfer, retryIn: retryIn(transfer))
    }

    /// Transfers that hold a slot (active or retrying).
    public var activeCount: Int { totals.holdingSlot }
}
