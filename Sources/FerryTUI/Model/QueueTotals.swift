import FerryClient

/// Counts and speeds over the whole queue, for the header and the status bar: kept up to
/// date as transfers change (``Model/upsert(_:)``), so a frame never walks the queue.
public struct QueueTotals: Sendable, Equatable {
    public var active = 0
    public var retrying = 0
    public var failed = 0
    /// Active or retrying: holding a slot.
    public var holdingSlot = 0
    /// Bytes per second of the transfers holding a slot, up and down.
    public var up = 0.0
    public var down = 0.0

    public init() {}

    public init(_ transfers: [TransferSnapshot]) {
        for transfer in transfers { add(transfer) }
    }

    public mutating func add(_ transfer: TransferSnapshot) { count(transfer, 1) }

    public mutating func subtract(_ transfer: TransferSnapshot) { count(transfer, -1) }

    private mutating func count(_ transfer: TransferSnapshot, _ sign: Int) {
        switch transfer.state {
        case .active: active += sign
        case .retrying: retrying += sign
        case .failed: failed += sign
        default: break
        }
        guard transfer.state.holdsSlot else { return }
        holdingSlot += sign
        let speed = transfer.speed * Double(sign)
        if TransferRow.isUpload(transfer) { up = max(0, up + speed) } else { down = max(0, down + speed) }
    }
}
