/// Which stretches of a breadth-first hash tree to fetch so a downloader holds only a band
/// of it at a time, never the whole tree (whose size grows with the file: 256 KiB per tree
/// and share for a 4 GiB file in 1 MiB segments).
///
/// Each level with a needed node is read from its first needed node on, `band` nodes or up
/// to its last needed node, whichever reaches further, so the windows after find their
/// nodes already fetched: a level of leaves is read once per `band` leaves, the level above
/// once per 2 × `band`, and so on (about two reads per `band` leaves and tree).
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
            let end = min(TreeIndex.level(of: span.lowerBound).upperBound, max(span.upperBound + 1, span.lowerBound + band))
            return span.lowerBound..<end
        }
    }
}
