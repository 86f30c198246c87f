/// A Merkle tree known only in part, used to check data from an untrusted source against a
/// trusted root (Tahoe's `IncompleteHashTree`). Hashes are accepted only when they chain up
/// to hashes already trusted; on any failure nothing from that call is kept.
public struct PartialMerkleTree: Sendable {
    /// Why a set of hashes was refused.
    public enum Failure: Error, Equatable, Sendable {
        /// A given or computed hash disagrees with one already trusted.
        case mismatch(node: Int)
        /// A hash cannot be checked because its sibling is unknown.
        case missingSibling(node: Int)
        /// A node index outside the tree.
        case outOfRange(node: Int)
    }

    /// Number of real leaves.
    public let leafCount: Int
    /// Node index of leaf 0.
    public let firstLeaf: Int
    /// Nodes in the padded tree.
    public let nodeCount: Int
    private var known: [Int: [UInt8]] = [:]

    /// An empty tree over `leafCount` leaves whose root is trusted to be `root`.
    public init(leafCount: Int, root: [UInt8]) {
        self.leafCount = leafCount
        nodeCount = TreeIndex.nodeCount(leafCount: leafCount)
        firstLeaf = (nodeCount + 1) / 2 - 1
        known[0] = root
    }

    /// The trusted hash at a node, if known.
    public subscript(node: Int) -> [UInt8]? { known[node] }

    /// The trusted hash of leaf `leaf`, if known.
    public func leafHash(_ leaf: Int) -> [UInt8]? { known[firstLeaf + leaf] }

    /// Nodes still needed to check leaf `leaf` (sibling chain, minus what is known).
    public func missingHashes(forLeaf leaf: Int, includeLeaf: Bool = false) -> [Int] {
        var wanted = TreeIndex.siblingChain(of: firstLeaf + leaf)
        if includeLeaf { wanted.append(firstLeaf + leaf) }
        return wanted.filter { known[$0] == nil }
    }

    /// Forgets trusted hashes no check of leaf `first` or later can need: those whose
    /// parent covers only earlier leaves. What is kept is a path's width, not the tree, so a
    /// long download's memory stays flat; a forgotten hash asked for again is re-fetched and
    /// checked against the parent still kept.
    public mutating func forget(leavesBefore first: Int) {
        let depthOfLeaves = TreeIndex.depth(firstLeaf)
        for node in known.keys where node != 0 {
            let parent = TreeIndex.parent(node)
            let level = TreeIndex.level(of: parent)
            let position = parent - level.lowerBound
            let end = (position + 1) << (depthOfLeaves - TreeIndex.depth(parent))  // one past the parent's last leaf
            if end <= first { known[node] = nil }
        }
    }

    /// Trusted hashes held (for memory accounting and tests).
    public var knownCount: Int { known.count }

    /// Adds untrusted `hashes` (by node index) and `leaves` (by leaf number); every one must
    /// chain up to a trusted hash. Throws and keeps nothing if any check fails.
    public mutating func add(hashes: [Int: [UInt8]] = [:], leaves: [Int: [UInt8]] = [:]) throws(Failure) {
        var incoming = hashes
        for (leaf, hash) in leaves {
            guard leaf >= 0, leaf < leafCount else { throw .outOfRange(node: firstLeaf + leaf) }
            let node = firstLeaf + leaf
            if let other = incoming[node], other != hash { throw .mismatch(node: node) }
            incoming[node] = hash
        }
        var trial = known
        var pending: [Int: Set<Int>] = [:]
        for (node, hash) in incoming {
            guard node >= 0, node < nodeCount else { throw .outOfRange(node: node) }
            if let existing = trial[node] {
                guard existing == hash else { throw .mismatch(node: node) }
            } else {
                trial[node] = hash
                pending[TreeIndex.depth(node), default: []].insert(node)
            }
        }
        var level = pending.keys.max() ?? 0
        while level > 0 {
            var thisLevel = pending[level] ?? []
            while let node = thisLevel.popFirst() {
                let sibling = TreeIndex.sibling(node)
                guard let siblingHash = trial[sibling] else { throw .missingSibling(node: node) }
                let (left, right) = node < sibling ? (trial[node]!, siblingHash) : (siblingHash, trial[node]!)
                let parent = TreeIndex.parent(node)
                let computed = Hashes.merklePair(left, right)
                if let parentHash = trial[parent] {
                    guard parentHash == computed else { throw .mismatch(node: parent) }
                } else {
                    trial[parent] = computed
                    pending[level - 1, default: []].insert(parent)
                }
                thisLevel.remove(sibling)
            }
            level -= 1
        }
        known = trial
    }
}
