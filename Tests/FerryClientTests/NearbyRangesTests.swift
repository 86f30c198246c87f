@testable import FerryClient
import Testing

/// Hash-tree bands near each other read as one.
@Suite struct NearbyRangesTests {
    @Test func rangesWithinTheGapJoinAndFarOnesDoNot() {
        let groups = NearbyRanges.groups([200..<300, 0..<100, 100..<150, 10_000..<10_100, 400..<500], gap: 100)
        #expect(groups == [[0..<100, 100..<150, 200..<300, 400..<500], [10_000..<10_100]], "in order; 150 to 200 and 300 to 400 are in the gap")
        #expect(NearbyRanges.groups([0..<10, 111..<120], gap: 100) == [[0..<10], [111..<120]], "101 bytes apart: two reads")
        #expect(NearbyRanges.groups([5..<5, 0..<10], gap: 100) == [[0..<10]], "an empty range asks for nothing")
        #expect(NearbyRanges.groups([], gap: 100).isEmpty)
        #expect(NearbyRanges.groups([0..<1000, 10..<20, 990..<1100], gap: 0) == [[0..<1000, 10..<20, 990..<1100]], "overlaps join")
    }
}
