@testable import FerryClient
import Testing

struct PartFileRunsTests {
    @Test func runsRoundTripAndStayShort() {
        let segments: Set<Int> = Set(0...95).union([97]).union(100...130)
        #expect(PartFile.runs(segments) == "0-95,97,100-130")
        #expect(PartFile.parseRuns("0-95,97,100-130") == segments)
        #expect(PartFile.runs([]) == "" && PartFile.parseRuns("").isEmpty)
        #expect(PartFile.runs(Set(0..<32768)) == "0-32767")
    }

    @Test func malformedRunsAreIgnored() {
        #expect(PartFile.parseRuns("5-3,x,1-,-2,7,9-9") == [7, 9])
    }
}
