import FerryCore
import FerryStorage

/// One share's metadata as its holders gave it: from the first that answered (nil when none
/// did), the holders left from that one on, and why each one before it failed.
///
/// A struct, not a tuple: Swift 6.3.1's optimizer garbled tuple results of child tasks in
/// release builds (``FetchedRange``); this one's server positions came back as garbage and
/// every release `ferry get` crashed on an index out of range (session 26).
struct ShareOpening: Sendable {
    let share: Int
    let sparse: SparseShare?
    let remaining: [Int]
    let failures: [Failure]

    struct Failure: Sendable {
        let position: Int
        let reason: String
    }

    /// Tries `holding` (server positions, each with its client) in order until one gives
    /// the share's metadata; never throws.
    static func open(_ index: StorageIndex, share: Int, holding: [(position: Int, server: StorageClient)]) async -> ShareOpening {
        var failures: [Failure] = []
        for (tried, holder) in holding.enumerated() {
            do {
                let sparse = try await ShareHolders.metadata(index, share: share, from: holder.server)
                return ShareOpening(share: share, sparse: sparse, remaining: holding[tried...].map(\.position), failures: failures)
            } catch {
                failures.append(Failure(position: holder.position, reason: "\(error)"))
            }
        }
        return ShareOpening(share: share, sparse: nil, remaining: [], failures: failures)
    }
}
