import FerryClient

/// Counts and speeds over the whole queue, for the header and the status bar: kept up to
/// date as transfers change (``Model/upsert(_:)``), so a frame never walks the queue.
public struct QueueTotals: Sendable, Equatable {
    public var active = 0
    public var retrying = 0
    public var paused = 0
    public var failed = 0
    /// Active or retrying: holding a slot.
    public var holdingSlot = 0
    /// Bytes per second crossing this machine's link, up and down: uploads sending to the
    /// helper, downloads fetching blocks. Hashing and verifying read the local disk, and the
    /// helper's push to the storage servers is the helper's link, not this one: counted, they
    /// showed the header far over a global limit that was being kept.
    public var up = 0.0
    public var down = 0.0

    public init() {}

    public init(_ transfers: [TransferSnapshot]) {
        for transfer in transfers { add(transfer) }
    }

    public mutating func add(_ transfer: TransferSnapshot) { count(transfer, 1) }

    public mutating func subtract(_ transfer: TransferSnapshot) { count(transfer, -1) }

    static func onTheLink(_ transfer: TransferSnapshot) -> Bool {
        transfer.entry.phase == (TransferRow.isUpload(transfer) ? "sending" : "fetching")
    }

    private mutating func count(_ transfer: TransferSnapshot, _ sign: Int) {
        switch transfer.state {
        case .active: active += sign
        case .retrying: retrying += sign
        case .paused: paused += sign
        case .failed: failed += sign
        default: break
        }
        guard transfer.state.holdsSlot else { return }
        holdingSlot += sign
        let speed = Self.onTheLink(transfer) ? transfer.speed * Double(sign) : 0
        if TransferRow.isUpload(transfer) { up = max(0, up + speed) } else { down = max(0, down + speed) }
    }
}
