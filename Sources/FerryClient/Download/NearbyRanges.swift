/// Hash-tree bands of one share read together: the bands a window needs lie level after
/// level near each other (the first window of a file needs a band of every level of both
/// trees), and read one by one they cost a round trip each, twelve in a row for a 64 MiB
/// file: 1.2 s on a link of 100 ms. Ranges at most `gap` bytes apart are read as one, the
/// bytes between them read and dropped.
enum NearbyRanges {
    /// The most bytes read between two bands only to save a round trip.
    static let gap: UInt64 = 32 << 10

    /// `ranges` in groups to read as one, in order; each group's read runs from its first
    /// range's start to its last range's end.
    static func groups(_ ranges: [Range<UInt64>], gap: UInt64 = gap) -> [[Range<UInt64>]] {
        var groups: [[Range<UInt64>]] = []
        var end: UInt64 = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !range.isEmpty {
            if !groups.isEmpty, range.lowerBound <= end + gap {
                groups[groups.count - 1].append(range)
                end = max(end, range.upperBound)
            } else {
                groups.append([range])
                end = range.upperBound
            }
        }
        return groups
    }
}
