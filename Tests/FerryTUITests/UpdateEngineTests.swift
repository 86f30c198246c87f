import FerryClient
import FerryCore
import FerryTestSupport
@testable import FerryTUI
import Testing

/// The engine's snapshot and events folded into the model.
struct UpdateEngineTests {
    @Test func anUpdateReplacesTheTransferAndLogsWhatChanged() {
        var model = Samples.model()
        var one = Samples.busy[0]
        one.entry.phase = "pushing"
        one.note = "the helper already has 2.6 GiB"
        (model, _) = Update.update(model, .engine(.updated(one)))
        #expect(model.transfers[0] == one)
        #expect(model.log[1]?.map(\.text).suffix(2) == ["pushing", "the helper already has 2.6 GiB"])
        one.entry.state = .retrying(at: 0, code: "helper.unavailable", message: "no answer")
        one.retryIn = 9
        (model, _) = Update.update(model, .engine(.updated(one)))
        #expect(model.log[1]?.last?.text == "no answer (helper.unavailable); trying again")
        #expect(TransferRow.stateText(model.transfers[0], retryIn: model.retryIn(model.transfers[0])) == "retry 9s")
        (model, _) = Update.update(model, .tick(Samples.now + 3.5))
        #expect(TransferRow.stateText(model.transfers[0], retryIn: model.retryIn(model.transfers[0])) == "retry 6s", "counts down with the clock")
        (model, _) = Update.update(model, .tick(Samples.now + 9.5))
        #expect(TransferRow.stateText(model.transfers[0], retryIn: model.retryIn(model.transfers[0])) == "retrying", "the wait is over: trying again")
        one.entry.state = .done
        one.entry.cap = Samples.cap
        (model, _) = Update.update(model, .engine(.updated(one)))
        #expect(model.retryAt[1] == nil)
        #expect(model.log[1]?.last?.text == "done: \(Samples.cap)")
    }

    /// A snapshot heard a moment after it was taken (through the agent) must not move the
    /// deadline: the count showed a second twice. A new wait (a later try) does move it.
    @Test func theCountdownKeepsItsDeadlineAcrossLateSnapshots() {
        var model = Samples.model()
        var one = Samples.busy[0]
        one.entry.state = .retrying(at: 0, code: "helper.unavailable", message: "no answer")
        one.retryIn = 5
        (model, _) = Update.update(model, .engine(.updated(one)))
        (model, _) = Update.update(model, .tick(Samples.now + 1.9))
        one.retryIn = 3.3  // taken at +1.7, heard at +1.9
        (model, _) = Update.update(model, .engine(.updated(one)))
        #expect(abs((model.retryIn(model.transfers[0]) ?? 0) - (5 - 1.9)) < 0.01)
        #expect(TransferRow.stateText(model.transfers[0], retryIn: model.retryIn(model.transfers[0])) == "retry 4s")
        one.retryIn = 10
        (model, _) = Update.update(model, .engine(.updated(one)))
        #expect(TransferRow.stateText(model.transfers[0], retryIn: model.retryIn(model.transfers[0])) == "retry 10s")
    }

    /// What the agent tells every screen (a followed config change) lands in the status bar
    /// and leaves at the next key, as any notice does.
    /// A screen opening on a long queue selects what is going on and scrolls to it (it sat
    /// on the oldest row, an old failure, with the running transfer off screen).
    @Test func aScreenOpensOnWhatIsGoingOn() {
        var old = (1...30).map { Samples.transfer(Int64($0), .upload(path: "/srv/old-\($0).bin"), .done) }
        old[0].entry.state = .failed(code: "file.changed", message: "changed")
        let running = Samples.transfer(31, .upload(path: "/srv/now.bin"), .active, phase: "sending", done: 10, total: 100)
        let model = Samples.model(old + [running], width: 80, height: 24)
        #expect(model.selected == 31)
        let row = model.row(of: 31)!
        #expect(row >= model.top && row < model.top + Layout(model).listHeight, "on screen: row \(row), top \(model.top)")
        #expect(Samples.model(old, width: 80, height: 24).selected == 30, "nothing going on: the newest")
        #expect(Samples.model([], width: 80, height: 24).selected == nil)
    }

    /// A notice goes after a while ("sorted by added" hid the key hints for a minute); an
    /// error stays until a key.
    @Test func aNoticeGoesAfterAWhileAnErrorStays() {
        var model = Samples.model()
        (model, _) = Update.update(model, .engine(.notice("config changed: 1 at once")))
        (model, _) = Update.update(model, .tick(Samples.now + StatusMessage.noticeSeconds - 1))
        #expect(model.message?.text == "config changed: 1 at once")
        (model, _) = Update.update(model, .tick(Samples.now + StatusMessage.noticeSeconds + 0.5))
        #expect(model.message == nil)
        (model, _) = Update.update(model, .failed("no such file: /nope"))
        (model, _) = Update.update(model, .tick(Samples.now + 10 * StatusMessage.noticeSeconds))
        #expect(model.message?.isError == true)
    }

    @Test func theAgentsNoticeIsShownInTheStatusBar() {
        var model = Samples.model()
        (model, _) = Update.update(model, .engine(.notice("config changed: 1 at once")))
        #expect(model.message == StatusMessage("config changed: 1 at once", isError: false))
        (model, _) = Update.update(model, .key(.character("j")))
        #expect(model.message == nil)
    }

    /// The header's totals count what crosses this machine's link (sending, fetching), which
    /// the global limit holds; local hashing and the helper's push are not counted.
    @Test func totalsCountOnlyWhatCrossesThisLink() {
        func running(_ id: Int64, _ request: TransferRequest, _ phase: String, _ speed: Double) -> TransferSnapshot {
            var transfer = Samples.transfer(id, request, .active, phase: phase)
            transfer.speed = speed
            return transfer
        }
        let totals = QueueTotals([running(1, .upload(path: "/a"), "sending", 100), running(2, .upload(path: "/b"), "keying", 5_000),
                                  running(3, .upload(path: "/c"), "pushing", 7_000), running(4, .download(cap: "URI:CHK:x", destination: "/d"), "fetching", 30),
                                  running(5, .download(cap: "URI:CHK:y", destination: "/e"), "verifying", 9_000)])
        #expect(totals.up == 100 && totals.down == 30 && totals.active == 5)
    }

    /// Once the agent is gone, the journal's transfers that held a slot come as paused; their
    /// rows say interrupted, and so do their logs (they said "paused", a user test).
    @Test func aTransferTheAgentLeftIsLoggedAsInterrupted() {
        var model = Samples.model()
        (model, _) = Update.update(model, .agent(.stopped))
        var left = Samples.busy[0]
        left.entry.state = .paused
        // With the logs the agent kept in the journal: those first, then the screen's line.
        let kept = [TransferLogLine(time: Samples.now - 600, text: "added (queued)"), TransferLogLine(time: Samples.now, text: "running")]
        // One older than what the screen has of a transfer is not taken (the agent that just
        // stopped may not have written its last lines yet).
        var older = model
        (older, _) = Update.update(older, .journal([left], interrupted: [left.id], logs: [TransferLog(id: left.id, lines: [TransferLogLine(time: 5, text: "old")])]))
        #expect(older.log[left.id]?.contains { $0.text == "old" } == false, "\(String(describing: older.log[left.id]))")
        (model, _) = Update.update(model, .journal([left], interrupted: [left.id], logs: [TransferLog(id: left.id, lines: kept)]))
        #expect(StatusBar.summary(model, .unicode) == "1 · 1 interrupted", "counted as its row says it, not paused")
        #expect(model.log[left.id]?.map(\.text) == ["added (queued)", "running", "interrupted: no agent runs it"],
                "\(String(describing: model.log[left.id]))")
        // A screen opened with no agent shows them too (the transfers new to it).
        var fresh = Samples.model([])
        (fresh, _) = Update.update(fresh, .agent(.stopped))
        (fresh, _) = Update.update(fresh, .journal([left], interrupted: [left.id], logs: [TransferLog(id: left.id, lines: kept), TransferLog(id: 99, lines: kept)]))
        #expect(fresh.log[left.id]?.map(\.text) == ["added (queued)", "running"], "\(String(describing: fresh.log[left.id]))")
        #expect(fresh.log[99] == nil, "no log for a transfer not listed")
    }

    /// "Not attached" stops being said once the screen attaches (it stayed up under a header
    /// reading "attached"); other messages wait for a key.
    @Test func notAttachedEndsWhenTheScreenAttaches() {
        var model = Samples.model()
        model.rateLimit = 3 << 20
        model.message = StatusMessage("a new agent took over from one that ended; no rate limit applies again")
        #expect(model.transfers.contains { $0.speed > 0 } && model.totals.up + model.totals.down > 0, "the sample moves")
        (model, _) = Update.update(model, .agent(.stopped))
        #expect(model.rateLimit == 0, "the header shows no limit while no agent runs")
        #expect(model.message == nil, "news of the agent that went goes with it")
        #expect(!model.transfers.contains { $0.speed != 0 || $0.eta != nil } && model.totals.up == 0 && model.totals.down == 0,
                "nothing moves while no agent runs")
        (model, _) = Update.update(model, .unattached("not attached to the agent", reopen: .add(TextField("/srv/a.iso"), choices: [])))
        #expect(model.dialog == .add(TextField("/srv/a.iso"), choices: []), "what was typed comes back")
        #expect(model.message?.isError == true)
        (model, _) = Update.update(model, .agent(.attached(pid: 42)))
        #expect(model.message == nil)
        (model, _) = Update.update(model, .failed("no such file"))
        (model, _) = Update.update(model, .agent(.attached(pid: 43)))
        #expect(model.message?.text == "no such file")
    }

    /// An agent that stops answering (SIGSTOP): the header says so, its stale speeds go,
    /// the message stays until it answers again.
    @Test func anAgentNotAnsweringStopsTheSpeedsUntilItAnswers() {
        var model = Samples.model()
        model.rateLimit = 3 << 20
        #expect(model.totals.up + model.totals.down > 0, "the sample moves")
        (model, _) = Update.update(model, .agent(.notAnswering(pid: 4242)))
        (model, _) = Update.update(model, .unattached("the agent (pid 4242) has not answered for 6 s", reopen: nil))
        #expect(!model.transfers.contains { $0.speed != 0 || $0.eta != nil } && model.totals.up == 0 && model.totals.down == 0)
        #expect(model.rateLimit == 3 << 20, "the limit stays: the agent still has it")
        #expect(View.render(model, glyphs: .unicode).lines[0].contains("● not answering"))
        (model, _) = Update.update(model, .agent(.attached(pid: 4242)))
        #expect(model.message == nil)
    }

    /// A transfer added from this screen is selected, whichever comes first: the agent's
    /// answer with its id, or the engine's news of it. One a filter hides leaves the
    /// selection where it was, and is said.
    @Test func aTransferAddedHereIsSelectedOnceListed() {
        var model = Samples.model()
        model.detailsTop = 3
        let upload = Samples.transfer(20, .upload(path: "/home/ana/film.mkv"), .queued)
        (model, _) = Update.update(model, .added(20))
        #expect(model.selected == 1, "not listed yet: the selection stays")
        (model, _) = Update.update(model, .engine(.updated(upload)))
        #expect(model.selected == 20 && model.detailsTop == 0)
        #expect(model.selectWhenListed == nil)

        let download = Samples.transfer(21, .download(cap: Samples.cap, destination: "/data/copy.bin"), .queued)
        (model, _) = Update.update(model, .engine(.updated(download)))
        #expect(model.selected == 20, "news of a transfer alone moves nothing (another client may have added it)")
        (model, _) = Update.update(model, .added(21))
        #expect(model.selected == 21)

        model.filter = "photos"
        (model, _) = Update.update(model, .tick(Samples.now))
        let shown = model.selected
        (model, _) = Update.update(model, .added(22))
        (model, _) = Update.update(model, .engine(.updated(Samples.transfer(22, .upload(path: "/tmp/hidden.iso"), .queued))))
        #expect(model.selected == shown && model.selectWhenListed == nil, "hidden by the filter: not selected, and not later either")
        #expect(model.message?.text.contains("added hidden.iso, which the filter “photos” hides") == true, "said, not left unseen: \(String(describing: model.message))")
        model.message = nil
        (model, _) = Update.update(model, .added(22))
        #expect(model.message?.text.contains("hidden.iso") == true, "said also when the news came first")
    }

    /// The list's order is kept up to date event by event (not sorted per frame); after any
    /// run of updates, additions and removals it equals the order built from scratch.
    @Test(arguments: SortOrder.allCases) func theListOrderFollowsEveryChange(_ sort: SortOrder) {
        var model = Samples.model()
        model.sort = sort
        var random = SplitMix64(seed: UInt64(sort.rawValue.count))
        let states: [TransferState] = [.active, .queued, .paused, .done, .failed(code: "x.y", message: "z")]
        for step in 0..<400 {
            switch random.next() % 10 {
            case 0:
                let id = Int64(100 + step)
                (model, _) = Update.update(model, .engine(.updated(Samples.transfer(id, .upload(path: "/f/n\(random.next() % 50)"), .queued))))
            case 1 where model.transfers.count > 3:
                let gone = model.transfers[Int(random.next() % UInt64(model.transfers.count))].id
                (model, _) = Update.update(model, .engine(.removed(gone)))
            case 2:
                model.filter = ["", "n1", "backup", ""][Int(random.next() % 4)]
                (model, _) = Update.update(model, .tick(Samples.now))  // as a key would: the selection follows
            default:
                guard !model.transfers.isEmpty else { continue }
                var one = model.transfers[Int(random.next() % UInt64(model.transfers.count))]
                one.speed = Double(random.next() % 5) * 1e6
                one.entry.done = random.next() % 1_000
                one.entry.total = 1_000
                one.entry.state = states[Int(random.next() % UInt64(states.count))]
                (model, _) = Update.update(model, .engine(.updated(one)))
            }
            let needle = model.filter.lowercased()
            let expected = model.transfers.filter { needle.isEmpty || TransferRow.name(of: $0).lowercased().contains(needle) }
                .sorted { sort.precedes($0, $1) }.map(\.id)
            #expect(model.visible.map(\.id) == expected, "step \(step)")
            if model.visible.map(\.id) != expected { return }
            #expect(model.selected == nil || model.row(of: model.selected) != nil || model.visibleCount == 0)
        }
    }

    @Test func newTransfersAppendAndTheFirstIsSelected() {
        var model = Samples.model([])
        #expect(model.selected == nil)
        (model, _) = Update.update(model, .engine(.updated(Samples.busy[4])))
        #expect(model.selected == 5)
        #expect(model.log[5]?.map(\.text) == ["added (queued)"])
        (model, _) = Update.update(model, .engine(.updated(Samples.busy[5])))
        #expect(model.transfers.map(\.id) == [5, 6] && model.selected == 5)
    }

    @Test func removingTheSelectedSelectsTheNext() {
        var model = Samples.model()
        (model, _) = Samples.press([.down, .down], model)
        (model, _) = Update.update(model, .engine(.removed(3)))
        #expect(model.selected == 4)
        #expect(model.log[3] == nil)
        (model, _) = Samples.press([.end], model)
        (model, _) = Update.update(model, .engine(.removed(7)))
        #expect(model.selected == 6, "the last row removed: the one above")
    }

    @Test func aSnapshotReplacesTheListAndSettings() {
        var model = Samples.model()
        (model, _) = Update.update(model, .snapshot(EngineSnapshot(transfers: Array(Samples.busy.prefix(2)), maximumActive: 5, rateLimit: 1000)))
        #expect(model.transfers.map(\.id) == [1, 2])
        #expect(model.maximumActive == 5 && model.rateLimit == 1000)
        (model, _) = Update.update(model, .engine(.settings(maximumActive: 1, rateLimit: 0)))
        #expect(model.maximumActive == 1 && model.rateLimit == 0)
    }

    @Test func resizeKeepsTheSelectionInView() {
        let many = (1...40).map { Samples.transfer(Int64($0), .upload(path: "/f/\($0)"), .queued) }
        var model = Samples.model(many, width: 200, height: 50)
        (model, _) = Samples.press([.end], model)
        (model, _) = Update.update(model, .resize(width: 40, height: 12))
        let height = Layout(width: 40, height: 12).listHeight
        #expect(model.top == 40 - height)
        #expect(model.width == 40)
    }

    /// Details scrolled in a small window are not left scrolled in the full layout's pane
    /// (name, bytes and path were hidden at 200×50, with nothing to say so).
    @Test func resizeBringsScrolledDetailsBackIntoView() {
        var model = Samples.model(Samples.busy, width: 40, height: 12)
        model.focus = .details
        model.log[model.selected!] = (1...10).map { LogLine(time: Samples.now, text: "event \($0)") }
        model.detailsTop = DetailsView.lastTop(model, .unicode)
        #expect(model.detailsTop > 0, "the details overflow at 40×12")
        (model, _) = Update.update(model, .resize(width: 200, height: 50))
        #expect(model.detailsTop == 0)
    }

    /// Scrolled down to read older events, the pane keeps them where they were as new ones
    /// come in above (they moved one line down with each, a user test); at its top, the new
    /// event is what shows.
    @Test func scrolledDetailsStayOnWhatIsReadAsEventsComeIn() {
        var model = Samples.model(Samples.busy, width: 80, height: 24)
        model.focus = .details
        model.log[1] = (1...12).map { LogLine(time: Samples.now + Double($0), text: "event \($0)") }
        model.detailsTop = DetailsView.lastTop(model, .unicode) - 2
        #expect(model.detailsTop > 0, "the details overflow at 80×24")
        let before = DetailsView.texts(model, .unicode)[1 + model.detailsTop]
        var one = Samples.busy[0]
        for index in 0..<3 {
            one.note = "note \(index)"
            (model, _) = Update.update(model, .engine(.updated(one)))
            #expect(DetailsView.texts(model, .unicode)[1 + model.detailsTop] == before, "after \(index + 1) new events")
        }
        // A tick (the clock moving) keeps it too.
        (model, _) = Update.update(model, .tick(Samples.now + 60))
        #expect(DetailsView.texts(model, .unicode)[1 + model.detailsTop] == before)
        // At the top, new events show.
        model.detailsTop = 0
        one.note = "note at the top"
        (model, _) = Update.update(model, .engine(.updated(one)))
        #expect(model.detailsTop == 0)
        // Keys still scroll it a line at a time.
        (model, _) = Samples.press([.down], model)
        #expect(model.detailsTop == 1)
    }

    /// A retry's reason that wraps has the same later lines in every retry: scrolled to one
    /// of them, the pane stays on that retry's, not the nearest alike (a review).
    @Test func scrolledToAWrappedReasonStaysOnThatRetry() {
        var model = Samples.model(Samples.busy, width: 80, height: 24)
        model.focus = .details
        let reason = "the helper could not be reached: connection refused by 127.0.0.1:4242 (helper.transport); trying again"
        func lines(_ count: Int) -> [TransferLogLine] {
            var lines: [TransferLogLine] = []
            for round in 0..<count {
                let start = Samples.now + Double(10 * round)
                lines.append(TransferLogLine(time: start, text: reason))
                lines.append(TransferLogLine(time: start + 5, text: "running"))
            }
            return lines
        }
        (model, _) = Update.update(model, .logs([TransferLog(id: 1, lines: lines(8))]))
        let texts = DetailsView.texts(model, .unicode)
        // A reason's second line, in the middle of the events.
        let prefix = String(reason.prefix(20))
        let candidates = (2..<texts.count - 8).filter { texts[$0].hasPrefix(" ") && texts[$0 - 1].contains(prefix) }
        guard let second = candidates.dropFirst(2).first else { Issue.record("no wrapped reason in the middle: \(texts)"); return }
        model.detailsTop = second - 1
        let clock = texts[second - 1]
        (model, _) = Update.update(model, .logs([TransferLog(id: 1, lines: lines(9))]))
        let after = DetailsView.texts(model, .unicode)
        #expect(after[1 + model.detailsTop] == texts[second] && after[model.detailsTop] == clock,
                "the line above the top is still \(clock), not \(after[model.detailsTop])")
    }

    @Test func helperStatusAndFailuresShow() {
        var model = Samples.model()
        (model, _) = Update.update(model, .helper(.offline("connection refused")))
        #expect(model.helper == .offline("connection refused"))
        (model, _) = Update.update(model, .failed("no such file: /nope"))
        #expect(model.message == StatusMessage("no such file: /nope", isError: true))
        (model, _) = Samples.press([.down], model)
        #expect(model.message == nil, "a key clears the message")
        // A refused add opens its dialog again with what was typed, to mend it.
        (model, _) = Update.update(model, .refused(.add(TextField("/srv/holidya.mov"), choices: []), reason: "file.not_found: /srv/holidya.mov"))
        #expect(model.dialog == .add(TextField("/srv/holidya.mov"), choices: []))
        #expect(model.message == StatusMessage("file.not_found: /srv/holidya.mov", isError: true))
    }

    @Test func theLogKeepsTheLatestLines() {
        var model = Samples.model()
        var one = Samples.busy[0]
        for index in 0..<(Model.logLimit + 10) {
            one.note = "note \(index)"
            (model, _) = Update.update(model, .engine(.updated(one)))
        }
        #expect(model.log[1]?.count == Model.logLimit)
        #expect(model.log[1]?.last?.text == "note \(Model.logLimit + 9)")
    }
}

extension UpdateEngineTests {
    /// The agent's logs, given on attaching, stand for what this screen made of the changes
    /// (it may have been away) and for what happened before it opened; a log of a transfer
    /// not in the queue is left out.
    @Test func theAgentsLogsReplaceTheScreensOwn() {
        var model = Samples.model()
        let before = model.log[1]
        #expect(before?.isEmpty == false)
        let kept = [TransferLogLine(time: 10, text: "added (queued)"), TransferLogLine(time: 20, text: "helper down (helper.unavailable); trying again"),
                    TransferLogLine(time: 30, text: "running")]
        (model, _) = Update.update(model, .logs([TransferLog(id: 1, lines: kept), TransferLog(id: 999, lines: kept)]))
        #expect(model.log[1] == kept.map { LogLine(time: $0.time, text: $0.text) })
        #expect(model.log[999] == nil)
    }
}
