import FerryClient
import FerryCore
import FerryTestSupport
@testable import FerryTUI
import Foundation
import Testing

/// Rendered screens compared with the text kept in `Tests/Fixtures/screens/`: the cells,
/// then each cell's role letter (`#`: on the selected row), then the cursor. A change to
/// the screen shows in review; `FERRY_UPDATE_GOLDEN=1` rewrites the files.
struct ScreenGoldenTests {
    static let directory = TahoePython.repositoryRoot + "/Tests/Fixtures/screens"

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let model: @Sendable () -> Model
        var testDescription: String { name }
    }

    static func sized(_ width: Int, _ height: Int, unicode: Bool = true, _ transfers: [TransferSnapshot] = Samples.busy,
                      keys: [Key] = [], change: @escaping @Sendable (inout Model) -> Void = { _ in }) -> @Sendable () -> Model {
        {
            var model = Samples.model(transfers, width: width, height: height, unicode: unicode)
            model = Samples.press(keys, model).0
            change(&model)
            return model
        }
    }

    static let cases: [Case] = [
        Case(name: "busy-80x24", model: sized(80, 24, keys: [.down])),
        Case(name: "busy-80x24-ascii", model: sized(80, 24, unicode: false, keys: [.down])),
        Case(name: "busy-40x12", model: sized(40, 12)),
        Case(name: "busy-40x12-ascii", model: sized(40, 12, unicode: false)),
        Case(name: "busy-200x50", model: sized(200, 50) { model in
            var one = Samples.busy[0]
            for (index, note) in ["the helper already has 2.58 GiB", "connection reset by peer", "sending"].enumerated() {
                one.note = note
                model.now = Samples.now - 30 + Double(index * 10)
                model = Update.update(model, .engine(.updated(one))).0
            }
        }),
        Case(name: "busy-64x20-details", model: sized(64, 20, keys: [.down, .down, .down, .tab])),
        Case(name: "pushing-80x24-details", model: sized(80, 24, [Samples.pushing])),
        Case(name: "pushing-80x24-details-ascii", model: sized(80, 24, unicode: false, [Samples.pushing])),
        Case(name: "reading-100x30-details", model: sized(100, 30, [Samples.reading, Samples.pushing]) { $0.selected = Samples.reading.id }),
        Case(name: "empty-80x24", model: sized(80, 24, [])),
        Case(name: "empty-40x12-ascii", model: sized(40, 12, unicode: false, [])),
        Case(name: "filtered-nothing-80x24", model: sized(80, 24, keys: [.character("/")] + Samples.type("zzz") + [.enter])),
        Case(name: "filter-typing-80x24", model: sized(80, 24, keys: [.character("/")] + Samples.type("ba"))),
        Case(name: "errors-80x24", model: sized(80, 24, keys: [.end]) { model in
            model.helper = .offline("connection refused")
            model.agent = .stopped
            model = Update.update(model, .failed("no such file: /srv/missing.iso")).0
        }),
        // Compact, Tab: the selected (failed) transfer's details take the list's place.
        Case(name: "details-40x12", model: sized(40, 12, keys: [.end, .tab])),
        Case(name: "details-50x14-ascii", model: sized(50, 14, unicode: false, keys: [.down, .tab])),
        Case(name: "attaching-50x14", model: sized(50, 14) { model in model.agent = .attaching }),
        Case(name: "help-80x24", model: sized(80, 24, keys: [.character("?")])),
        Case(name: "help-40x12-ascii", model: sized(40, 12, unicode: false, keys: [.character("?")])),
        Case(name: "dialog-add-80x24", model: sized(80, 24, keys: [.character("a")] + Samples.type("/srv/ba")) { model in
            model = Update.update(model, .completed(prefix: "/srv/ba", candidates: ["/srv/backups/", "/srv/bak", "/srv/bar.iso"])).0
        }),
        Case(name: "dialog-get-80x24", model: sized(80, 24, keys: [.character("g")] + Samples.type(Samples.cap) + [.tab] + Samples.type("/data/x.bin"))),
        Case(name: "dialog-remove-40x12", model: sized(40, 12, keys: [.character("d")])),
        // Refused with a long reason: the dialog moves up so the reason under it is seen whole.
        Case(name: "dialog-get-refused-40x12", model: sized(40, 12) { model in
            let dialog = Dialog.get(cap: TextField(Samples.cap), destination: TextField("/srv/nodir/x.bin"), onDestination: true)
            model = Update.update(model, .refused(dialog, reason: "file.no_directory: /srv/nodir does not exist or is not a directory; create it first")).0
        }),
        Case(name: "dialog-rate-80x24", model: sized(80, 24, keys: [.character("l")] + Samples.type("2M"))),
    ]

    static func render(_ model: Model) -> String {
        let grid = View.render(model, glyphs: model.unicode ? .unicode : .ascii)
        let cursor = grid.cursor.map { "\($0.x),\($0.y)" } ?? "hidden"
        return (grid.lines + ["--- roles"] + grid.styleLines + ["--- cursor \(cursor)"]).joined(separator: "\n") + "\n"
    }

    @Test(arguments: cases) func screenMatchesTheGolden(_ screen: Case) throws {
        let text = Self.render(screen.model())
        let file = Self.directory + "/\(screen.name).txt"
        if ProcessInfo.processInfo.environment["FERRY_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text == golden, "the \(screen.name) screen changed; FERRY_UPDATE_GOLDEN=1 rewrites \(file)\n\(text)")
    }

    @Test func everyCaseFitsItsSizeAndNothingWraps() {
        for screen in Self.cases {
            let model = screen.model()
            let grid = View.render(model, glyphs: model.unicode ? .unicode : .ascii)
            #expect(grid.lines.count == model.height, "\(screen.name)")
            for line in grid.lines { #expect(DisplayWidth.of(line) == model.width, "\(screen.name): \(line)") }
            if !model.unicode {
                #expect(grid.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "\(screen.name) is ASCII only")
            }
        }
    }

    /// A finished upload whose push was not seen to the end (the helper finished it while it
    /// was paused) shows no mid-push figures: they read as a push stuck at 21/35.
    @Test func aDoneUploadShowsNoStalePushFigures() {
        var done = Samples.pushing
        done.entry.state = .done
        done.entry.cap = Samples.cap
        let stale = Self.render(Samples.model([done], width: 100, height: 30))
        #expect(!stale.contains("segments encoded") && !stale.contains("servers stored") && stale.contains("SI "), "\(stale)")
        done.detail.segmentsEncoded = done.detail.segmentCount  // seen to the end: shown
        #expect(Self.render(Samples.model([done], width: 100, height: 30)).contains("35/35 segments encoded"))
    }

    /// The header's labels ("helper", "agent") depend on the width, never on the speeds
    /// beside them: they do not come and go as the speeds change. Where the widest speeds
    /// leave no room, they go, the agent's first.
    @Test func theHeaderLabelsStayPutAsTheSpeedsChange() {
        func header(width: Int, up: Double, limit: UInt64 = 0) -> String {
            var one = Samples.busy[0]
            one.speed = up
            var model = Samples.model([one], width: width)
            model.rateLimit = limit
            return View.render(model, glyphs: .unicode).lines[0]
        }
        for width in [60, 66, 72, 80, 100] {
            let labels = { (line: String) in (line.contains("helper ●"), line.contains("agent ●")) }
            let still = labels(header(width: width, up: 0)), fast = labels(header(width: width, up: 1_020 * 1_048_576))
            #expect(still == fast, "at \(width) columns")
            #expect(header(width: width, up: 1_020 * 1_048_576).contains("1020 MiB/s"), "the widest speed fits at \(width) columns")
        }
        #expect(header(width: 80, up: 0).contains("helper ● online  agent ● attached"))
        #expect(header(width: 66, up: 0).contains("helper ● online  ● attached"))
        // A limit takes the agent's label's room at 80 columns (before, both labels went).
        #expect(header(width: 80, up: 0, limit: 1_500_000).contains("Ferry  helper ● online  ● attached"))
        #expect(header(width: 80, up: 1_020 * 1_048_576, limit: 1_500_000).contains("max 1.43 MiB/s  ↑ 1020 MiB/s  ↓ 0 B/s"))
        #expect(header(width: 100, up: 0, limit: 1_500_000).contains("helper ● online  agent ● attached"))
        // Short of room for it beside the word "helper", the limit goes (at 74-79 columns it
        // took both labels, a user test).
        for width in 73...79 {
            let line = header(width: width, up: 0, limit: 1_500_000)
            #expect(line.contains("helper ● online") && !line.contains("max "), "at \(width) columns: \(line)")
        }
        // A helper that does not answer keeps its label; the limit goes first (at 80 columns
        // "● offline" did not say what was offline).
        var offline = Samples.model([Samples.busy[0]], width: 80)
        (offline.rateLimit, offline.helper) = (1_500_000, .offline("connection refused"))
        let line = View.render(offline, glyphs: .unicode).lines[0]
        #expect(line.contains("Ferry  helper ● offline") && !line.contains("max"), "\(line)")
        // Narrower, the limit goes and the speeds stay (between 60 and 69 columns both went).
        for width in [60, 66] {
            let line = header(width: width, up: 1_020 * 1_048_576, limit: 1_500_000)
            #expect(line.hasSuffix("↑ 1020 MiB/s  ↓ 0 B/s ") && !line.contains("max"), "at \(width) columns: \(line)")
        }
    }

    /// The storage servers in the header: all answering, they give way first; some down,
    /// they stay with their label, before the agent's, in red once uploads must wait.
    @Test func theHeaderCountsTheStorageServers() {
        func header(width: Int, answering: Int, happy: Int = 5) -> (text: String, role: StyleRole?) {
            var model = Samples.model([Samples.busy[0]], width: width)
            model.storage = StorageHealth(answering: answering, total: 5, happy: happy)
            let frame = View.render(model, glyphs: .unicode)
            let text = frame.lines[0]
            let column = text.range(of: "storage").map { text.distance(from: text.startIndex, to: $0.lowerBound) }
            return (text, column.map { frame[$0, 0].role })
        }
        #expect(header(width: 100, answering: 5).text.contains("helper ● online  storage ● 5/5  agent ● attached"))
        #expect(header(width: 100, answering: 5).role == .online)
        #expect(!header(width: 80, answering: 5).text.contains("storage"), "all answering, it gives way first")
        let down = header(width: 80, answering: 4)
        #expect(down.text.contains("helper ● online  storage ● 4/5  ● attached") && down.role == .offline, "\(down)")
        #expect(header(width: 80, answering: 4, happy: 3).role == .header, "uploads still find enough: not red")
        #expect(header(width: 60, answering: 2).text.contains("storage ● 2/5"))
    }

    /// A control character in a name (a newline, an escape) shows as `?`, as `ls` shows it:
    /// dropped, "a\nb.txt" read as "ab.txt".
    @Test func controlCharactersInNamesShowAsQuestionMarks() {
        let odd = Samples.transfer(1, .upload(path: "/srv/in\nbox\u{1B}[2J.txt"), .queued)
        #expect(TransferRow.name(of: odd) == "in?box?[2J.txt")
        let shown = Self.render(Samples.model([odd], width: 80, height: 24))
        #expect(shown.contains("in?box?[2J.txt"), "\(shown)")
    }

    /// Paused transfers are counted (a queue of them read as idle), where that costs no
    /// key's hint: they give way first.
    @Test func theCountsSayWhatIsPaused() {
        let paused = (1...3).map { Samples.transfer(Int64($0), .upload(path: "/srv/f\($0).iso"), .paused) }
        let bar = View.render(Samples.model(paused, width: 80, height: 24), glyphs: .unicode).lines.last ?? ""
        #expect(bar.hasSuffix(" 3 · 3 paused ") && bar.contains("q quit"), "\(bar)")
        let busy = View.render(Samples.model(width: 80, height: 24), glyphs: .unicode).lines.last ?? ""
        #expect(!busy.contains("paused") && busy.contains("a add"), "short of room, the paused count goes before a key: \(busy)")
        #expect(View.render(Samples.model(width: 200, height: 50), glyphs: .unicode).lines.last?.contains("1 paused") == true)
    }

    /// Where the status bar cannot hold every key, the help key stays to the last: it
    /// leads to the others (at 60 columns the bar kept "/ filter" and lost "? help").
    @Test func theStatusBarKeepsTheHelpKeyToTheLast() {
        func bar(width: Int) -> String { View.render(Samples.model(width: width, height: 24), glyphs: .unicode).lines.last ?? "" }
        #expect(bar(width: 100).hasPrefix(" ␣ pause  a add  g get  d remove  / filter  ? help  q quit "))
        for width in [60, 64, 72] {
            #expect(bar(width: width).contains("? help"), "at \(width) columns: \(bar(width: width))")
        }
        #expect(!bar(width: 60).contains("/ filter"), "the filter key went first")
    }

    /// A dialog's key hints wrap onto another line in a narrow window instead of being cut
    /// ("Enter gets · Es" at 40 columns once).
    @Test func dialogHintsWrapInNarrowWindows() {
        #expect(LineWrap.wrap(["Tab completes", "Enter adds", "Esc cancels"], width: 32, separator: " · ") == ["Tab completes · Enter adds", "Esc cancels"])
        #expect(LineWrap.wrap(["Tab completes", "Enter adds", "Esc cancels"], width: 60, separator: " · ") == ["Tab completes · Enter adds · Esc cancels"])
        #expect(LineWrap.wrap(["a very long hint indeed"], width: 5, separator: " · ") == ["a very long hint indeed"], "one hint alone is never split")
        for dialog: Dialog in [.add(TextField(), choices: []), .get(cap: TextField(), destination: TextField(), onDestination: false), .rateLimit(target: nil, TextField())] {
            var model = Samples.model(width: 40, height: 12)
            model.dialog = dialog
            let shown = View.render(model, glyphs: .unicode).lines.joined(separator: "\n")
            #expect(shown.contains("Esc cancels") || shown.contains("· Esc "), "\(shown)")
        }
    }

    /// A dialog cut to a short screen keeps its fields and the name it acts on, and drops
    /// the hints that no longer fit (they were drawn over the fields), and a title too long
    /// for its box ends with "…".
    @Test func shortScreensKeepTheDialogsFields() {
        func shown(_ dialog: Dialog, _ width: Int, _ height: Int) -> [String] {
            var model = Samples.model(width: width, height: height)
            model.dialog = dialog
            return View.render(model, glyphs: .unicode).lines
        }
        let get = shown(.get(cap: TextField(), destination: TextField(), onDestination: false), 25, 6)
        #expect(get.contains { $0.contains("│ Cap ") } && get.contains { $0.contains("│ Save to") }, "\(get)")
        let add = shown(.add(TextField(), choices: ["/srv/a", "/srv/b", "/srv/c"]), 25, 6)
        #expect(add.contains { $0.contains("│ Path") } && add.contains { $0.contains("… ") && $0.contains(" more") }, "\(add)")
        let remove = shown(.remove(id: 1, name: "holiday.mkv", partFile: nil), 25, 6)
        #expect(remove.contains { $0.contains("holiday.mkv") } && remove.contains { $0.contains("y removes") }
            && remove.contains { $0.contains("n or Esc keeps it") }, "\(remove)")
        #expect(shown(.get(cap: TextField(), destination: TextField(), onDestination: false), 20, 5)[0].contains("Download a … "))
    }

    /// Long messages and events in the details pane wrap under their text; a word longer
    /// than the line (a path) is broken where the line ends. They were cut at the edge.
    @Test func longEventsWrapInTheDetailsPane() {
        #expect(LineWrap.words("connection refused by the helper", width: 14) == ["connection", "refused by the", "helper"])
        #expect(LineWrap.words("at /srv/a/very/long/path ok", width: 8) == ["at /srv/", "a/very/l", "ong/path", "ok"])
        #expect(LineWrap.words("done: URI:CHK:abcdefghijklmnop", width: 12) == ["done: URI:CH", "K:abcdefghij", "klmnop"], "the cap starts beside its label")
        #expect(LineWrap.words("", width: 8) == [""])
        var model = Samples.model(width: 60, height: 30)
        model.selected = 3
        let event = "the helper kept 40 MiB of 120 MiB; asking it again where to go on (attempt 3 of many)"
        model.log[3] = [LogLine(time: 0, text: event)]
        let lines = View.render(model, glyphs: .unicode).lines
        let text = lines.joined(separator: "\n")
        #expect(text.contains("(storage.transport)") && text.contains("(attempt 3 of many)"), "\(text)")
        let first = lines.firstIndex { $0.contains("the helper kept") }
        #expect(first.map { lines[$0 + 1].hasPrefix("           ") } == true, "continued under the text: \(text)")
    }

    /// A message too long for the status row takes the rows above it, at every size, so
    /// its end (usually what to do) is seen; it was cut beside the counts.
    @Test func longStatusMessagesWrapAboveTheStatusRow() {
        let text = "not attached to the agent: one that ended is replaced by itself; after `ferry agent stop`, `ferry agent start` in a shell"
        for (width, height) in [(40, 12), (60, 16), (80, 24)] {
            var model = Samples.model(width: width, height: height)
            model.message = StatusMessage(text, isError: true)
            let lines = View.render(model, glyphs: .unicode).lines
            let bottom = lines.suffix(4).joined(separator: " ").split(separator: " ").joined(separator: " ")
            #expect(bottom.contains("`ferry agent start` in a shell"), "at \(width)x\(height):\n\(lines.joined(separator: "\n"))")
        }
        var short = Samples.model(width: 80, height: 24)
        short.message = StatusMessage("paused 1", isError: false)
        #expect(View.render(short, glyphs: .unicode).lines.last?.contains(" · 2 active") == true, "a short one keeps the counts beside it")
    }

    /// A long name in the details pane's first line gives way to the kind and the state.
    @Test func theDetailsTitleKeepsItsState() {
        var one = Samples.busy[0]
        one.entry.request = .upload(path: "/srv/" + String(repeating: "very-long-name-", count: 6) + "end.tar")
        var model = Samples.model([one], width: 80, height: 24)
        model.selected = one.id
        let title = View.render(model, glyphs: .unicode).lines.first { $0.contains("upload via the helper") } ?? ""
        #expect(title.contains("end.tar  upload via the helper  · sending"), "\(title)")
    }

    /// From 120 columns a failure's reason shows in the list (at 160 it read "failed" beside
    /// eighty blank columns); narrower, "failed" and the reason in the details.
    @Test func wideListsShowWhyATransferFailed() {
        let failed = Samples.transfer(9, .download(cap: "URI:CHK:x", destination: "/srv/nf.bin"), .failed(code: "transfer.not_found", message: "no server holds it"))
        for (width, shown) in [(120, "failed: not found"), (160, "failed: not found"), (80, "failed")] {
            let model = Samples.model([failed], width: width, height: 24)
            let row = View.render(model, glyphs: .unicode).lines.first { $0.contains("nf.bin") } ?? ""
            #expect(row.trimmingCharacters(in: .whitespaces).hasSuffix(shown), "at \(width): \(row)")
        }
    }

    /// In a narrow details pane the speed line drops its average rather than end in "MiB/".
    @Test func theSpeedLineIsNeverCutInAUnit() {
        var busy = Samples.busy[0]
        busy.speed = 12.5 * 1_048_576
        busy.history = [3.1 * 1_048_576, 12.5 * 1_048_576]
        for width in [40, 44, 50, 80] {
            let model = Samples.press([.tab], Samples.model([busy], width: width, height: 14)).0
            let line = View.render(model, glyphs: .unicode).lines.first { $0.contains("speed") } ?? ""
            #expect(line.trimmingCharacters(in: .whitespaces).hasSuffix("B/s"), "at \(width): \(line)")
        }
    }

    /// Text that does not fit is left out whole, not cut mid-word: the details' figures
    /// ("5.02 MiB r"), a column title ("Progre").
    @Test func figuresAndTitlesAreWholeOrLeftOut() {
        var one = Samples.busy[0]
        one.entry.priority = 3
        one.entry.rateLimit = 2_097_152
        one.detail.retries = 1
        one.detail.resent = 5_263_000
        let line = View.render(Samples.model([one], width: 80, height: 24), glyphs: .unicode).lines.first { $0.contains(" sending 2.65 GiB") } ?? ""
        let end = line.trimmingCharacters(in: .whitespaces)
        #expect(["id 1", "retried 1×", "5.02 MiB re-sent"].contains { end.hasSuffix($0) } && line.contains("retried 1×"), "\(line)")
        let narrow = View.render(Samples.model(width: 30, height: 8), glyphs: .unicode).lines[1]
        #expect(!narrow.contains("Progre") || narrow.contains("Progress"), "\(narrow)")
    }

    /// In a compact screen a message is drawn over the list's last rows: the list scrolls
    /// so the selected row stays above it.
    @Test func aMessageNeverHidesTheSelectedRow() {
        let many = (1...14).map { Samples.transfer(Int64($0), .upload(path: "/srv/file-\($0).bin"), .queued) }
        var model = Samples.model(many, width: 40, height: 12)
        model.selected = 10  // the list's last row
        model.message = StatusMessage("config not applied: config.unknown_key: transfers.rate_limt is not a setting", isError: true)
        let lines = View.render(model, glyphs: .unicode).lines
        let rows = StatusBar.messageRows(model, .unicode)
        let at = lines.firstIndex { $0.contains("file-10.bin") }
        #expect(rows >= 2 && at != nil && at! < 12 - rows, "row \(String(describing: at)), message from \(12 - rows): \(lines)")
    }

    /// The toggle key's hint says what it would do to the selected transfer.
    @Test func theToggleHintSaysResumeBesideAPausedTransfer() {
        var model = Samples.model(width: 80, height: 24)
        model.selected = 6  // notes.txt, paused
        #expect(View.render(model, glyphs: .unicode).lines.last?.hasPrefix(" ␣ resume  a add") == true)
        model.selected = 1
        #expect(View.render(model, glyphs: .unicode).lines.last?.hasPrefix(" ␣ pause  a add") == true)
    }

    /// A compact screen has no status bar: its header says what moves and what failed, and
    /// keeps the help key where there is room.
    @Test func theCompactHeaderSaysWhatMovesAndWhatFailed() {
        func header(_ transfers: [TransferSnapshot], width: Int) -> String {
            View.render(Samples.model(transfers, width: width, height: 12), glyphs: .unicode).lines[0]
        }
        #expect(header([Samples.busy[0]], width: 40) == " Ferry  helper ● online    ↑ 21.4 MiB/s ", "the label stays, the help key goes")
        #expect(header([Samples.busy[1]], width: 40) == " Ferry  helper ● online          ? help ")
        #expect(header(Samples.busy, width: 40).hasSuffix(" 1 failed "))
        // One speed where one fits: the faster, and never a crawl that reads "0 B/s" (at 40
        // columns `↑ 0 B/s` stood for a screen of downloads).
        var crawling = Samples.busy[0]
        crawling.speed = 0.4
        #expect(header([crawling, Samples.busy[3]], width: 40).hasSuffix("↓ 11.0 MiB/s "), "\(header([crawling, Samples.busy[3]], width: 40))")
        // The second speed goes before the word "helper" (at 45-59 columns the label went for it).
        #expect(header(Samples.busy, width: 59).hasSuffix("helper ● online             ↑ 21.4 MiB/s  1 failed "), "\(header(Samples.busy, width: 59))")
        #expect(header(Samples.busy, width: 66).hasSuffix("helper ● online      ↑ 21.4 MiB/s  ↓ 11.0 MiB/s  1 failed "), "\(header(Samples.busy, width: 66))")
        #expect(header(Samples.busy, width: 79).hasSuffix("↑ 21.4 MiB/s  ↓ 11.0 MiB/s  1 failed  ? help "))
        var filtered = Samples.model(Samples.busy, width: 46, height: 12)
        filtered.filter = "zzz"
        #expect(View.render(filtered, glyphs: .unicode).lines[0].hasSuffix(" 1 failed  /zzz "), "a filter hiding transfers is said")
    }

    /// A compact header's labels stay while a transfer's speed drops to 0 and comes back (a
    /// bursty link): the label came and went with the speed (a user test saw it flicker).
    @Test func theCompactHeadersLabelsStayAsASpeedComesAndGoes() {
        for width in 20...59 {
            var moving = Samples.busy[0], pausing = Samples.busy[0]
            pausing.speed = 0
            moving.speed = 21 * 1_048_576
            let labels = [moving, pausing].map { transfer in
                let line = View.render(Samples.model([transfer], width: width, height: 12), glyphs: .unicode).lines[0]
                return (line.contains("helper ●"), line.contains("agent ●"))
            }
            #expect(labels[0] == labels[1], "at \(width) columns")
        }
    }

    /// The helper's offset is learnt when it is asked and when a request ends: until it has
    /// every byte it is a floor ("at least"), not what the helper holds now; paused or
    /// retrying too, as a request cut short may have got more in than the helper last said.
    @Test func theHelpersOffsetIsAFloorWhileSending() {
        var sending = Samples.busy[0]
        sending.detail.storageIndex = Samples.index
        sending.detail.confirmed = 1_048_576
        sending.entry.phase = "sending"
        let line = { (one: TransferSnapshot) in
            View.render(Samples.model([one], width: 100, height: 24), glyphs: .unicode).lines.first { $0.contains("SI ") } ?? ""
        }
        #expect(line(sending).contains("helper has at least 1.00 MiB"), "\(line(sending))")
        sending.entry.state = .paused
        #expect(line(sending).contains("helper has at least 1.00 MiB"), "\(line(sending))")
        sending.entry.phase = "pushing"
        #expect(line(sending).contains("helper has 1.00 MiB"), "every byte in: \(line(sending))")
    }

    /// A transfer not started yet shows its file's size (known when it was added), not
    /// "0 B of" it; once started, the phase's bytes.
    @Test func aQueuedTransferShowsItsSize() {
        let queued = Samples.busy[4]
        let lines = View.render(Samples.model([queued], width: 80, height: 24), glyphs: .unicode).lines
        #expect(lines.contains { $0.contains("20.0 GiB · id 5") } && !lines.contains { $0.contains("0 B of") }, "\(lines)")
        var started = queued
        (started.entry.phase, started.entry.done, started.entry.state) = ("keying", 1_073_741_824, .paused)
        let after = View.render(Samples.model([started], width: 80, height: 24), glyphs: .unicode).lines
        #expect(after.contains { $0.contains("hashing 1.00 GiB of 20.0 GiB") }, "\(after)")
        (started.entry.phase, started.entry.done, started.entry.total) = ("pushing", 350_000_000, 350_000_000)
        started.entry.state = .failed(code: "file.changed", message: "the file changed")
        let failed = View.render(Samples.model([started], width: 80, height: 24), glyphs: .unicode).lines
        #expect(failed.contains { $0.contains("pushing 334 MiB of 334 MiB") }, "where a failed one stopped: \(failed)")
    }

    /// A file kept in its cap (URI:LIT:) is not said to go through the helper.
    @Test func aLiteralFileIsSaidToBeKeptInItsCap() {
        var note = Samples.transfer(3, .upload(path: "/home/ana/note.txt"), .done)
        note.entry.cap = "URI:LIT:nbswy3dpbi"
        let lines = View.render(Samples.model([note], width: 80, height: 24), glyphs: .unicode).lines
        #expect(lines.contains { $0.contains("note.txt  kept in its cap") } && !lines.contains { $0.contains("via the helper") }, "\(lines)")
    }

    @Test func tinyWindowsSaySoInsteadOfDrawingGarbage() {
        for (width, said) in [(40, "Ferry: make the window bigger"), (19, "too small"), (24, "make the window bigger"), (6, "small")] {
            let grid = View.render(Samples.model(width: width, height: 4), glyphs: .unicode)
            #expect(grid.lines[0].hasPrefix(said), "at \(width): \(grid.lines[0])")
        }
    }

    /// The column the list is sorted by carries a mark; the order added (the default) none.
    @Test func theSortedColumnIsMarked() {
        func titles(_ sort: FerryTUI.SortOrder, glyphs: Glyphs = Glyphs.unicode) -> String {
            var model = Samples.model(width: 100, height: 24)
            model.sort = sort
            return View.render(model, glyphs: glyphs).lines[1]
        }
        #expect(!titles(.added).contains("▾"))
        #expect(titles(.name).contains("Name▾") && titles(.progress).contains("Progress▾") && titles(.speed).contains("Speed▾"))
        #expect(titles(.state).contains("State▾") && titles(.state, glyphs: Glyphs.ascii).contains("State*"))
    }

    /// `put -` keeps standard input in the state directory until it is sent: its details say
    /// it comes from standard input (the spool's path, deleted once done, was shown as its source).
    @Test func anUploadOfStandardInputSaysSo() {
        func details(_ state: TransferState) -> String {
            let piped = Samples.transfer(1, .upload(path: "/home/ana/.local/state/ferry/stdin/aLinUK/piped.bin"), state, phase: "sending",
                                         done: 10, total: 100)
            var model = Samples.model([piped], width: 100, height: 30)
            model.standardInputSpools = "/home/ana/.local/state/ferry/stdin/"
            return View.render(model, glyphs: .unicode).lines.joined(separator: "\n")
        }
        #expect(details(.active).contains("from standard input kept in /home/ana/.local/state/ferry/stdin/aLinUK/piped.bin"), "\(details(.active))")
        #expect(details(.done).contains("from standard input") && !details(.done).contains("kept in"), "\(details(.done))")
    }
}
