import Synchronization

/// Byte arrays handed back after use, so the next read of about the same size fills one of
/// them instead of a fresh allocation: a download reads its blocks a window (a megabyte
/// per share) at a time, and a fresh megabyte is page-faulted in anew every time once the
/// allocator has given freed memory back (docs/BENCHMARKS.md, issue 6: faults and
/// `madvise` were a sixth of a download's CPU). Keeps at most `limit` arrays, and only
/// large ones.
public final class BufferPool: Sendable {
    private let arrays = Mutex<[[UInt8]]>([])
    private let limit: Int

    /// Arrays smaller than this are not worth keeping.
    public static let smallest = 64 << 10

    public init(limit: Int) {
        self.limit = limit
    }

    /// An array given back, if there is one (empty it with `removeAll(keepingCapacity:)`
    /// once it is yours alone: a copy still held elsewhere would make that allocate afresh).
    public func take() -> [UInt8] {
        arrays.withLock { $0.popLast() } ?? []
    }

    /// Gives `array` back for reuse. Whoever else still holds it should let go soon.
    public func give(_ array: consuming [UInt8]) {
        guard array.capacity >= Self.smallest else { return }
        let array = consume array
        arrays.withLock { if $0.count < limit { $0.append(array) } }
    }

    /// Arrays held now.
    public var count: Int { arrays.withLock { $0.count } }
}
