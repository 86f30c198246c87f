import FerryCore

/// Everything a screen shows of one transfer.
public struct TransferSnapshot: Sendable, Equatable, Codable {
    public var entry: JournalEntry
    /// Smoothed bytes per second of the current phase.
    public var speed: Double
    /// Seconds left at that speed; nil when nothing moves.
    public var eta: Double?
    /// Bytes per second, one sample per second, oldest first (the last minute).
    public var history: [Double]
    /// The last notable thing that happened.
    public var note: String?
    /// Seconds until the next try, while retrying.
    public var retryIn: Double?
    /// What the details pane shows beyond the journal (live transfers only).
    public var detail: TransferDetail

    public init(entry: JournalEntry, speed: Double = 0, eta: Double? = nil, history: [Double] = [], note: String? = nil, retryIn: Double? = nil,
                detail: TransferDetail = TransferDetail()) {
        self.entry = entry
        self.speed = speed
        self.eta = eta
        self.history = history
        self.note = note
        self.retryIn = retryIn
        self.detail = detail
    }

    public var id: Int64 { entry.id }

    /// Whether it is an upload.
    public var isUpload: Bool {
        if case .upload = entry.request { return true }
        return false
    }
    public var state: TransferState { entry.state }
}
