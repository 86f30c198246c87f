@testable import FerryClient
import Testing

/// How a global rate is split between transfers, some with limits of their own.
struct FairShareTests {
    @Test func evenWithoutCaps() {
        #expect(FairShare.split(9, among: [1, 2, 3], caps: [:]) == [1: 3, 2: 3, 3: 3])
    }

    /// A transfer capped below its even part leaves the rest to the others (a 2M cap beside an
    /// unlimited transfer under 10M: 2 and 8, not 2 of 5 and 5).
    @Test func aCapBelowTheEvenPartLeavesTheRestToTheOthers() {
        #expect(FairShare.split(10, among: [1, 2], caps: [1: 2]) == [1: 2, 2: 8])
        #expect(FairShare.split(8, among: [1, 2, 3], caps: [1: 1, 3: 2.5]) == [1: 1, 2: 4.5, 3: 2.5])
        // Caps above the even part change nothing; a cap of a transfer not asking is ignored.
        #expect(FairShare.split(8, among: [1, 2], caps: [1: 6, 2: 6, 7: 1]) == [1: 4, 2: 4])
    }
}
