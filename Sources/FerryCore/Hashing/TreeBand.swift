/// Which stretches of a breadth-first hash tree to fetch so a downloader holds only a band
/// of it at a time, never the whole tree (whose size grows with the file: 256 KiB per tree
/// and share for a 4 GiB file in 1 MiB segments).
///
/// Each level with a needed node is read from its first needed node on, `band` nodes or up
/// to its last needed node, whichever reaches further, so the windows after find their
/// nodes already fetched: a level of leaves is read once per `band` leaves, the level above
/// once per 2 × `band`, and so on (about two reads per `band` leaves and tree). A level of
/// at most `band` nodes is read whole, once: the windows after need its other nodes, each
/// a read of a few dozen bytes, and a round trip, of its own.
public enum TreeBand {
    /// Node ranges (one per level, each inside its level) covering the `needed` nodes of
    /// every level where one of them is not `held`. A level's run starts at its first needed
    /// node, held or not: the run replaces what was held of that level.
    public static func runs(_ needed: some Sequence<Int>, band: Int, held: (Int) -> Bool = { _ in false }) -> [Range<Int>] {
        var spans: [Int: ClosedRange<Int>] = [:]  // depth → first...last needed node
        var short = Set<Int>()  // depths with a node not held
        for node in needed {
            let depth = TreeIndex.depth(node)
            spans[depth] = spans[depth].map { min($0.lowerBound, node)...max($0.upperBound, node) } ?? node...node
            if !held(node) { short.insert(depth) }
        }
        return short.sorted().map { depth in
            let span = spans[depth]!
            let level = TreeIndex.level(of: span.lowerBound)
            guard level.count > band else { return level }  // small: read whole, once (its other nodes come next windows)
            let end = min(level.upperBound, max(span.upperBound + 1, span.lowerBound + band))
            return span.lowerBound..<end
        }
    }
}
