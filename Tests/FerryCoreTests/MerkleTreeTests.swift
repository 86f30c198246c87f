@testable import FerryCore
import FerryTestSupport
import Testing

@Suite struct MerkleTreeTests {
    @Test("share-hash chain order matches CPython's set order", arguments: CHKFixtures.hashOrders.keys.sorted { Int($0)! < Int($1)! })
    func pythonOrder(_ count: String) {
        let leaves = Int(count)!
        let tree = MerkleTree(leaves: Array(repeating: [UInt8](repeating: 0, count: 32), count: leaves))
        for (leaf, expected) in CHKFixtures.hashOrders[count]!.enumerated() {
            #expect(tree.neededHashes(leaf: leaf, includeLeaf: true) == expected, "N=\(leaves) leaf \(leaf)")
        }
    }

    @Test func treeShapeAndPadding() {
        let leaves = (0..<5).map { Hashes.block([UInt8($0)]) }
        let tree = MerkleTree(leaves: leaves)
        #expect(tree.nodes.count == 15)
        #expect(tree.firstLeaf == 7)
        #expect(tree.nodes[12] == Hashes.emptyLeaf(5))
        #expect(tree.nodes[3] == Hashes.merklePair(tree.nodes[7], tree.nodes[8]))
        #expect(tree.root == Hashes.merklePair(tree.nodes[1], tree.nodes[2]))
    }

    @Test func partialTreeAcceptsGoodChainsAndRejectsBadOnes() throws {
        let leaves = (0..<6).map { Hashes.block([UInt8($0)]) }
        let tree = MerkleTree(leaves: leaves)
        var partial = PartialMerkleTree(leafCount: 6, root: tree.root)
        let needed = partial.missingHashes(forLeaf: 4)
        #expect(Set(needed) == Set(TreeIndex.siblingChain(of: tree.firstLeaf + 4)))
        var chain = Dictionary(uniqueKeysWithValues: needed.map { ($0, tree.nodes[$0]) })

        var bad = chain
        bad[needed[0]] = Hashes.block([99])
        #expect(throws: PartialMerkleTree.Failure.self) { try partial.add(hashes: bad, leaves: [4: leaves[4]]) }
        #expect(partial.leafHash(4) == nil, "a refused chain leaves nothing behind")
        #expect(throws: PartialMerkleTree.Failure.self) { try partial.add(hashes: chain, leaves: [4: leaves[3]]) }

        chain.removeValue(forKey: needed.last!)
        #expect(throws: PartialMerkleTree.Failure.self) { try partial.add(hashes: chain, leaves: [4: leaves[4]]) }
        chain[needed.last!] = tree.nodes[needed.last!]
        try partial.add(hashes: chain, leaves: [4: leaves[4]])
        #expect(partial.leafHash(4) == leaves[4])
        #expect(partial.missingHashes(forLeaf: 5).isEmpty, "leaf 5's sibling is leaf 4, now known")
        try partial.add(leaves: [5: leaves[5]])
        #expect(throws: PartialMerkleTree.Failure.self) { try partial.add(leaves: [7: leaves[5]]) }
    }
}
