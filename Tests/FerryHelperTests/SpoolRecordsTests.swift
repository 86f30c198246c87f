@testable import FerryHelper
import Testing

/// What a helper restarting after a crash reads from an upload's offset log.
struct SpoolRecordsTests {
    static func log(_ values: [UInt64]) -> [UInt8] { values.flatMap { SpoolRecords.offset($0) } }

    @Test func theDurableOffsetIsTheLastRecordOfTheRisingRun() {
        #expect(SpoolRecords.lastOffset([]) == 0)
        #expect(SpoolRecords.lastOffset(Self.log([8 << 20, 16 << 20, 20 << 20])) == 20 << 20)
        #expect(SpoolRecords.lastOffset(Self.log([8 << 20, 16 << 20]) + [0, 0, 1]) == 16 << 20, "a torn record is ignored")
        // A power cut may leave a whole record of zeros (or of older bytes) at the end: it
        // must not cut acknowledged bytes off the spool.
        #expect(SpoolRecords.lastOffset(Self.log([8 << 20, 16 << 20, 0])) == 16 << 20)
        #expect(SpoolRecords.lastOffset(Self.log([8 << 20, 16 << 20, 8 << 20, 0])) == 16 << 20)
        // The run's length tells a clean log (left as it is at a restart) from one with a tail
        // (written again, or the next commits would land behind the tail).
        #expect(SpoolRecords.risingRun(Self.log([8 << 20, 16 << 20, 20 << 20])) == (20 << 20, 3))
        #expect(SpoolRecords.risingRun(Self.log([8 << 20, 16 << 20]) + [0, 0, 1]) == (16 << 20, 2))
        #expect(SpoolRecords.risingRun(Self.log([8 << 20, 16 << 20, 0])) == (16 << 20, 2))
    }
}
