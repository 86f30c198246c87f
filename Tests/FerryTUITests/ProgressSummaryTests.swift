import FerryClient
import FerryCore
@testable import FerryTUI
import Testing

/// The line `put`/`get` redraw on a terminal gives way to the terminal's width: a lone
/// transfer's sizes first, then the second name (counted in "+N running" instead).
struct ProgressSummaryTests {
    static func running(_ id: Int64, _ name: String, done: UInt64, speed: Double) -> TransferSnapshot {
        TransferSnapshot(entry: JournalEntry(id: id, request: .upload(path: "/srv/\(name)"), state: .active, phase: "sending",
                                             done: done, total: 1 << 30, added: 0),
                         speed: speed)
    }

    @Test func aLoneTransferDropsItsSizesWhenNarrow() {
        let one = [Self.running(1, "backup-2026-11.tar", done: 1 << 29, speed: 4_194_304)]
        let wide = ProgressSummary.line(one, width: 120)
        #expect(wide == "backup-2026-11.tar [######......] 50% sending 512 MiB/1.00 GiB  4.00 MiB/s", "\(wide)")
        let narrow = ProgressSummary.line(one, width: 60)
        #expect(narrow == "backup-2026-11.tar [######......] 50% sending  4.00 MiB/s", "\(narrow)")
    }

    @Test func theSecondNameGivesWayToACount() {
        let three = [Self.running(1, "a.iso", done: 0, speed: 1_048_576), Self.running(2, "b.iso", done: 1 << 28, speed: 1_048_576),
                     Self.running(3, "c.iso", done: 0, speed: 0)]
        let wide = ProgressSummary.line(three, width: 120)
        #expect(wide == "a.iso [............] 0% sending  b.iso [###.........] 25% sending  +1 running  2.00 MiB/s", "\(wide)")
        let narrow = ProgressSummary.line(three, width: 60)
        #expect(narrow == "a.iso [............] 0% sending  +2 running  2.00 MiB/s", "\(narrow)")
        #expect(DisplayWidth.of(narrow) <= 60)
    }
}
