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
