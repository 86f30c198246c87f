@testable import FerryClient
import FerryStorage
import Testing

@Suite struct ShareHoldersTests {
    /// Too few shares, said in good English for one server and one share ("1 of the 3
    /// shares needed are on the 1 storage servers"; operator test), and for several.
    @Test func tooFewSharesIsSaidForOneAndForMany() {
        let one = ShareHolders.tooFew(1, needed: 3, answered: 1, failures: [])
        #expect(one.message.hasPrefix("1 of the 3 shares needed is on the one storage server that answered (all of them)"), "\(one.message)")
        let many = ShareHolders.tooFew(2, needed: 3, answered: 4, failures: [])
        #expect(many.message.hasPrefix("2 of the 3 shares needed are on the 4 storage servers that answered"), "\(many.message)")
    }
}

@Suite struct ShareChoiceTests {
    /// Ten shares on five servers, two each (as a 3-of-10 push places them): one share per
    /// server, the lowest-numbered, is enough for 3 needed and 2 spares.
    @Test func oneSharePerServerFirstThenMoreRounds() {
        let twoEach = Dictionary(uniqueKeysWithValues: (0..<10).map { ($0, [$0 % 5]) })
        #expect(ShareHolders.chosen(twoEach, needed: 3) == [0, 1, 2, 3, 4])
        #expect(ShareHolders.chosen(twoEach, needed: 4) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "a second round when one is not enough")
        // All on one server: one a round.
        let oneServer = Dictionary(uniqueKeysWithValues: (0..<6).map { ($0, [0]) })
        #expect(ShareHolders.chosen(oneServer, needed: 2) == [0, 1, 2, 3])
        // A share with several holders counts by its first.
        #expect(ShareHolders.chosen([0: [1, 2], 1: [1], 2: [2], 3: []], needed: 1) == [0, 2, 1], "share 3 has no holder")
        #expect(ShareHolders.chosen([:], needed: 3).isEmpty)
    }
}
