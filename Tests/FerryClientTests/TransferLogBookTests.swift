import FerryClient
import FerryCore
import Testing

/// The agent's per-transfer logs (what a screen attached later is given).
@Suite struct TransferLogBookTests {
    static func snapshot(_ id: Int64, _ state: TransferState, phase: String = "", note: String? = nil, cap: String? = nil) -> TransferSnapshot {
        TransferSnapshot(entry: JournalEntry(id: id, request: .upload(path: "/data/\(id).iso"), state: state, cap: cap, phase: phase, added: 100), note: note)
    }

    @Test func linesForStatesPhasesAndNotesWithTheirTimes() {
        var book = TransferLogBook()
        book.record(Self.snapshot(1, .queued), at: 102)  // just added
        book.record(Self.snapshot(1, .active, phase: "keying"), at: 501)
        book.record(Self.snapshot(1, .active, phase: "keying"), at: 502)  // nothing new
        book.record(Self.snapshot(1, .active, phase: "sending", note: "the helper has 4 MiB already"), at: 503)
        book.record(Self.snapshot(1, .retrying(at: 9, code: "helper.unavailable", message: "helper down")), at: 504)
        book.record(Self.snapshot(1, .done, cap: "URI:CHK:x"), at: 505)
        let lines = book.logs[1] ?? []
        #expect(lines.map(\.text) == ["added (queued)", "running", "hashing", "sending", "the helper has 4 MiB already",
                                      "helper down (helper.unavailable); trying again", "done: URI:CHK:x"])
        #expect(lines.map(\.time) == [100, 501, 501, 503, 503, 504, 505], "added at its own time, the rest when heard")
        book.remove(1)
        #expect(book.logs[1] == nil && book.recent().isEmpty)
    }

    @Test func logsAreBoundedPerTransferAndInNumber() {
        var book = TransferLogBook(maximumTransfers: 3)
        for round in 0..<40 {
            book.record(Self.snapshot(1, .paused), at: Double(1000 + 2 * round))
            book.record(Self.snapshot(1, .queued), at: Double(1001 + 2 * round))
        }
        #expect(book.logs[1]?.count == TransferLogBook.linesPerTransfer && book.logs[1]?.last?.text == "queued")
        for id in Int64(2)...4 { book.record(Self.snapshot(id, .queued), at: 2000) }
        #expect(Set(book.logs.keys) == [2, 3, 4], "the one heard of least recently lost its log: \(book.logs.keys)")
        let recent = book.recent(limit: 2)
        #expect(recent.map(\.lines.count).reduce(0, +) == 2)
    }
}

extension TransferLogBookTests {
    /// A transfer first seen long after it was added (restored from the journal when the
    /// agent started) is not said to have been added in the state it has now ("added
    /// (active)" for one added queued; user test).
    @Test func aTransferRestoredFromTheJournalSaysSo() {
        var book = TransferLogBook()
        book.record(Self.snapshot(7, .active), at: 5000)
        #expect(book.logs[7]?.map(\.text) == ["added", "active in the journal when the agent started"])
        #expect(book.logs[7]?.map(\.time) == [100, 5000])
    }

    /// A log an earlier agent left (in the journal) is taken as it was; the new agent adds a
    /// line for the state it found an unfinished transfer in, none for a finished one, and
    /// then goes on as before; each record says the lines it added (the agent writes those).
    @Test func aRestoredLogGoesOnWhereItWas() {
        var book = TransferLogBook()
        let earlier = [TransferLogLine(time: 100, text: "added (queued)"), TransferLogLine(time: 101, text: "running"),
                       TransferLogLine(time: 150, text: "paused")]
        book.restore([TransferLog(id: 1, lines: earlier), TransferLog(id: 2, lines: [TransferLogLine(time: 100, text: "done: URI:CHK:x")])])
        #expect(book.record(Self.snapshot(1, .paused), at: 900).map(\.text) == ["paused in the journal when the agent started"])
        #expect(book.record(Self.snapshot(2, .done, cap: "URI:CHK:x"), at: 900).isEmpty)
        #expect(book.record(Self.snapshot(1, .active, phase: "keying"), at: 901).map(\.text) == ["running", "hashing"])
        #expect(book.logs[1]?.map(\.text) == ["added (queued)", "running", "paused", "paused in the journal when the agent started", "running", "hashing"])
        #expect(book.logs[2]?.map(\.text) == ["done: URI:CHK:x"])
    }

    /// A transfer whose log stayed in the journal (past the lines read in) is not taken for
    /// a new one: a finished one gets no line, an unfinished one only the line for the state
    /// found ("added" and "done in the journal when the agent started" piled up at every start).
    @Test func aLogLeftInTheJournalIsNotStartedAgain() {
        var book = TransferLogBook(maximumTransfers: 3)
        book.restore([TransferLog(id: 1, lines: [TransferLogLine(time: 100, text: "added (queued)")])], logged: [1, 2, 3])
        #expect(book.record(Self.snapshot(2, .done, cap: "URI:CHK:x"), at: 900).isEmpty)
        #expect(book.record(Self.snapshot(3, .paused), at: 900).map(\.text) == ["paused in the journal when the agent started"])
        #expect(book.record(Self.snapshot(4, .queued), at: 900).map(\.text) == ["added", "queued in the journal when the agent started"],
                "one with no log anywhere starts one, as before")
    }
}
