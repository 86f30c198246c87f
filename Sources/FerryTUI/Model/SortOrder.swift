import FerryClient
import FerryCore

/// How the list is ordered; `s` steps through them.
public enum SortOrder: String, CaseIterable, Sendable {
    case added, name, progress, speed, state

    public var next: SortOrder {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// Whether `a` comes before `b` (ties keep the order added).
    func precedes(_ a: TransferSnapshot, _ b: TransferSnapshot) -> Bool {
        switch self {
        case .added: return a.id < b.id
        case .name:
            return NaturalOrder.precedes(TransferRow.name(of: a), TransferRow.name(of: b)) ?? (a.id < b.id)
        case .progress:
            let (x, y) = (TransferRow.fraction(of: a), TransferRow.fraction(of: b))
            return x != y ? x > y : a.id < b.id
        case .speed: return a.speed != b.speed ? a.speed > b.speed : a.id < b.id
        case .state:
            let (x, y) = (Self.rank(a.state), Self.rank(b.state))
            return x != y ? x < y : a.id < b.id
        }
    }

    private static func rank(_ state: TransferState) -> Int {
        switch state {
        case .active: 0
        case .retrying: 1
        case .queued: 2
        case .paused: 3
        case .failed: 4
        case .done: 5
        }
    }
}
