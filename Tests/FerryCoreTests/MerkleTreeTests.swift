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

@Suite struct TreeBandTests {
    /// Checks every leaf of a 1000-leaf tree in order, fetching only what `TreeBand` says
    /// (a band at a time, each band replacing the level's last) and forgetting behind: every
    /// leaf checks, the tree never holds more than a path's width, and bands are few.
    @Test func leavesCheckInOrderWithABandAndForgetting() throws {
        let leaves = (0..<1000).map { Hashes.block(Array("leaf \($0)".utf8)) }
        let tree = MerkleTree(leaves: leaves)
        var partial = PartialMerkleTree(leafCount: leaves.count, root: tree.root)
        var held: [Int: Range<Int>] = [:]  // depth → the band of that level fetched last
        var fetches = 0, mostKnown = 0
        for start in stride(from: 0, to: leaves.count, by: 3) {
            let window = Array(start..<min(start + 3, leaves.count))
            let missing = Set(window.flatMap { partial.missingHashes(forLeaf: $0) })
            let runs = TreeBand.runs(missing, band: 64) { node in held[TreeIndex.depth(node)]?.contains(node) == true }
            for run in runs {
                #expect(TreeIndex.level(of: run.lowerBound) == TreeIndex.level(of: run.upperBound - 1), "a run stays in its level")
                held[TreeIndex.depth(run.lowerBound)] = run
                fetches += 1
            }
            for leaf in window {
                let chain = Dictionary(uniqueKeysWithValues: partial.missingHashes(forLeaf: leaf).map { node -> (Int, [UInt8]) in
                    #expect(held[TreeIndex.depth(node)]?.contains(node) == true, "node \(node) for leaf \(leaf) was fetched")
                    return (node, tree.nodes[node])
                })
                try partial.add(hashes: chain, leaves: [leaf: leaves[leaf]])
            }
            partial.forget(leavesBefore: window.last! + 1)
            mostKnown = max(mostKnown, partial.knownCount)
        }
        #expect(mostKnown < 40, "held \(mostKnown) hashes at most (a path's width, not 2047)")
        #expect(fetches <= 45, "\(fetches) band reads for 1000 leaves")
    }

    @Test func runsAreClampedToTheirLevel() {
        // 8 leaves: levels 0 | 1-2 | 3-6 | 7-14.
        #expect(TreeBand.runs([9], band: 100) == [7..<15], "a level no wider than the band is read whole")
        #expect(TreeBand.runs([2, 8, 13], band: 2) == [1..<3, 8..<14])
        #expect(TreeBand.runs([4], band: 3) == [4..<7], "a wider level from its first needed node")
        #expect(TreeBand.runs([7], band: 2) == [7..<9])
        #expect(TreeBand.runs([3, 8, 13], band: 2) { $0 != 13 } == [8..<14], "only levels short of a node; from the first needed")
        #expect(TreeBand.runs([], band: 3) == [])
        #expect(TreeIndex.level(of: 0) == 0..<1 && TreeIndex.level(of: 4) == 3..<7)
    }
}
