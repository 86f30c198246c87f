/// A complete Tahoe-LAFS Merkle tree over a list of leaf hashes (Tahoe's `HashTree`).
/// Leaves are padded to a power of two with ``Hashes/emptyLeaf(_:)`` values; nodes are
/// stored breadth-first, root first, exactly as Tahoe serializes them into shares.
public struct MerkleTree: Sendable {
    /// All node hashes, breadth-first (index 0 is the root).
    public let nodes: [[UInt8]]
    /// Node index of leaf 0.
    public let firstLeaf: Int

    /// Builds the tree; `leaves` must not be empty.
    public init(leaves: [[UInt8]]) {
        precondition(!leaves.isEmpty, "a Merkle tree needs at least one leaf")
        let width = TreeIndex.roundUpPowerOfTwo(leaves.count)
        var row = leaves
        for index in leaves.count..<width { row.append(Hashes.emptyLeaf(index)) }
        var rows = [row]
        while row.count > 1 {
            row = stride(from: 0, to: row.count, by: 2).map { Hashes.merklePair(row[$0], row[$0 + 1]) }
            rows.append(row)
        }
        nodes = rows.reversed().flatMap { $0 }
        firstLeaf = width - 1
    }

    /// The root hash.
    public var root: [UInt8] { nodes[0] }

    /// Node indices someone needs to check leaf `leaf` against the root, in the order
    /// Tahoe-LAFS writes them (its Python set's iteration order).
    public func neededHashes(leaf: Int, includeLeaf: Bool) -> [Int] {
        var wanted = TreeIndex.siblingChain(of: firstLeaf + leaf)
        if includeLeaf { wanted.append(firstLeaf + leaf) }
        return PythonSetOrder.iterationOrder(afterInserting: wanted)
    }

    /// The whole tree as concatenated bytes, as stored in a share.
    public var serialized: [UInt8] { nodes.flatMap { $0 } }
}
