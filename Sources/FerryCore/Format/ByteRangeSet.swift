/// A set of byte offsets kept as sorted, disjoint, non-adjacent half-open ranges.
/// Used for "which parts of a share (or file) are written / still required".
public struct ByteRangeSet: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The ranges, sorted, disjoint and never touching.
    public private(set) var ranges: [Range<UInt64>] = []

    public init() {}

    /// A set holding the given ranges (in any order, overlapping or not).
    public init(_ ranges: [Range<UInt64>]) {
        for range in ranges { insert(range) }
    }

    /// Adds `range`, merging with neighbours it overlaps or touches.
    public mutating func insert(_ range: Range<UInt64>) {
        guard !range.isEmpty else { return }
        var lower = range.lowerBound
        var upper = range.upperBound
        let first = firstIndex(endingAtOrAfter: lower)
        var last = first
        while last < ranges.count, ranges[last].lowerBound <= upper {
            lower = min(lower, ranges[last].lowerBound)
            upper = max(upper, ranges[last].upperBound)
            last += 1
        }
        ranges.replaceSubrange(first..<last, with: [lower..<upper])
    }

    /// Whether every byte of `range` is in the set.
    public func contains(_ range: Range<UInt64>) -> Bool {
        guard !range.isEmpty else { return true }
        let index = firstIndex(endingAtOrAfter: range.lowerBound + 1)
        return index < ranges.count && ranges[index].lowerBound <= range.lowerBound && ranges[index].upperBound >= range.upperBound
    }

    /// The parts of `range` the set already holds.
    public func intersection(with range: Range<UInt64>) -> [Range<UInt64>] {
        ranges.compactMap { existing in
            let lower = max(existing.lowerBound, range.lowerBound)
            let upper = min(existing.upperBound, range.upperBound)
            return lower < upper ? lower..<upper : nil
        }
    }

    /// The parts of `range` the set does not hold, in order.
    public func gaps(in range: Range<UInt64>) -> [Range<UInt64>] {
        var missing: [Range<UInt64>] = []
        var cursor = range.lowerBound
        for existing in intersection(with: range) {
            if cursor < existing.lowerBound { missing.append(cursor..<existing.lowerBound) }
            cursor = existing.upperBound
        }
        if cursor < range.upperBound { missing.append(cursor..<range.upperBound) }
        return missing
    }

    /// Total bytes in the set.
    public var count: UInt64 { ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } }

    public var isEmpty: Bool { ranges.isEmpty }

    public var description: String { ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",") }

    /// Index of the first range whose end is ≥ `offset` (binary search).
    private func firstIndex(endingAtOrAfter offset: UInt64) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
