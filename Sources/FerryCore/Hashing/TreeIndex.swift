/// Index arithmetic of Tahoe's complete binary trees, stored breadth-first:
/// node 0 is the root, node i has children 2i+1 and 2i+2.
public enum TreeIndex {
    /// Smallest power of two ≥ `count` (1 for 0 or 1).
    public static func roundUpPowerOfTwo(_ count: Int) -> Int {
        var value = 1
        while value < count { value *= 2 }
        return value
    }

    /// Total nodes of the tree built over `leafCount` leaves (padded to a power of two).
    public static func nodeCount(leafCount: Int) -> Int { 2 * roundUpPowerOfTwo(leafCount) - 1 }

    /// Parent of a non-root node.
    public static func parent(_ node: Int) -> Int { (node - 1) / 2 }

    /// The other child of this node's parent.
    public static func sibling(_ node: Int) -> Int { node % 2 == 1 ? node + 1 : node - 1 }

    /// Depth of a node (root is 0).
    public static func depth(_ node: Int) -> Int {
        var depth = 0
        var limit = 1
        while node + 1 > limit * 2 - 1 { depth += 1; limit *= 2 }
        return depth
    }

    /// The node indices of the level `node` lies in (level d holds nodes 2^d − 1 ..< 2^(d+1) − 1).
    public static func level(of node: Int) -> Range<Int> {
        let depth = depth(node)
        return ((1 << depth) - 1)..<((1 << (depth + 1)) - 1)
    }

    /// Siblings along the path from `node` up to the root, lowest first (Tahoe's `needed_for`).
    public static func siblingChain(of node: Int) -> [Int] {
        var chain: [Int] = []
        var here = node
        while here != 0 {
            chain.append(sibling(here))
            here = parent(here)
        }
        return chain
    }
}
