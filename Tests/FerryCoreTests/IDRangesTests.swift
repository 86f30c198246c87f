import FerryCore
import Testing

/// Long lists of transfer ids read as ranges.
struct IDRangesTests {
    @Test func runsOfIdsBecomeRanges() {
        #expect(IDRanges.text([]) == "")
        #expect(IDRanges.text([7]) == "7")
        #expect(IDRanges.text([3, 4]) == "3, 4", "two in a row are both written")
        #expect(IDRanges.text(Array(66...302) + [310, 312, 313, 314]) == "66-302, 310, 312-314")
        #expect(IDRanges.text([9, 2, 3, 4, 9, 1]) == "1-4, 9", "sorted, each once")
    }
}
