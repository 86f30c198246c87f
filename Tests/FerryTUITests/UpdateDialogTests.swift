import FerryClient
import FerryCore
@testable import FerryTUI
import Testing

/// The dialogs: add with completion, get, remove, rate limit; Esc cancels each.
struct UpdateDialogTests {
    let model = Samples.model()

    @Test func addTakesAPathAndTabAsksForCompletions() {
        let (typing, commands) = Samples.press([.character("a")] + Samples.type("/srv/ba") + [.tab], model)
        #expect(commands == [.complete("/srv/ba")])
        #expect(typing.dialog == .add(TextField("/srv/ba"), choices: []))
        let (one, _) = Update.update(typing, .completed(prefix: "/srv/ba", candidates: ["/srv/backups/"]))
        #expect(one.dialog == .add(TextField("/srv/backups/"), choices: []))
        let (many, _) = Update.update(typing, .completed(prefix: "/srv/ba", candidates: ["/srv/bar.iso", "/srv/backups/", "/srv/bak"]))
        #expect(many.dialog == .add(TextField("/srv/ba"), choices: ["/srv/backups/", "/srv/bak", "/srv/bar.iso"]))
        let (stale, _) = Update.update(typing, .completed(prefix: "/other", candidates: ["/otherwise"]))
        #expect(stale.dialog == typing.dialog, "an answer for text since changed is dropped")
        let (none, _) = Update.update(typing, .completed(prefix: "/srv/ba", candidates: []))
        #expect(none.message?.isError == true)
        let (added, add) = Samples.press([.enter], one)
        #expect(add == [.addUpload(path: "/srv/backups/")])
        #expect(added.dialog == nil)
        let (empty, nothing) = Samples.press([.character("a"), .enter], model)
        #expect(nothing.isEmpty, "an empty path adds nothing")
        #expect(empty.dialog != nil && empty.message?.text.contains("type a path") == true, "and says what to do")
        #expect(Samples.press([.character("a")] + Samples.type("x") + [.escape], model).0.dialog == nil)
    }

    @Test func textFieldsEdit() {
        var field = TextField("hello world")
        for key in [Key.left, .left, .backspace, .home, .delete, .end, .character("!")] { _ = field.edit(key) }
        #expect(field.text == "ello wold!")
        _ = field.edit(.control("w"))
        #expect(field.text == "ello ")
        _ = field.edit(.control("u"))
        #expect(field.text == "" && field.cursor == 0)
        let edited = field.edit(.enter)
        #expect(!edited, "Enter is not an edit")
    }

    /// A terminal sends 👨‍👩‍👧 as five scalars, and é as e and a combining accent: they join
    /// the character before them, and the cursor stays on the text (it ran past the end, and
    /// the next key crashed the screen).
    @Test func scalarsThatJoinTheCharacterBeforeKeepTheCursorOnTheText() {
        var field = TextField("a.bin")
        for key in [Key.home, .right] { _ = field.edit(key) }
        for scalar in "👨\u{200D}👩\u{200D}👧".unicodeScalars { _ = field.edit(.character(Character(scalar))) }
        #expect(field.text == "a👨‍👩‍👧.bin" && field.cursor == 2)
        for key in [Key.character("e"), .character("\u{301}"), .character("x")] { _ = field.edit(key) }
        #expect(field.text == "a👨‍👩‍👧e\u{301}x.bin" && field.cursor == 4)
        _ = field.edit(.backspace)
        _ = field.edit(.backspace)
        #expect(field.text == "a👨‍👩‍👧.bin" && field.cursor == 2, "a joined character goes with one key")
    }

    @Test func getAsksForACapThenWhereToSaveIt() {
        let (capOnly, none) = Samples.press([.character("g")] + Samples.type(Samples.cap) + [.enter], model)
        #expect(none.isEmpty)
        #expect(capOnly.dialog == .get(cap: TextField(Samples.cap), destination: TextField(), onDestination: true), "Enter moves on")
        let (done, commands) = Samples.press(Samples.type("/tmp/out.bin") + [.enter], capOnly)
        #expect(commands == [.addDownload(cap: Samples.cap, destination: "/tmp/out.bin")])
        #expect(done.dialog == nil)
        let (empty, _) = Samples.press([.character("g"), .enter], model)
        #expect(empty.message?.isError == true)
        let (back, _) = Samples.press([.character("g"), .tab, .character("x"), .backTab, .character("y")], model)
        #expect(back.dialog == .get(cap: TextField("y"), destination: TextField("x"), onDestination: false))
    }

    /// Tab completes the path where to save, as in the add dialog (it moved back to the cap,
    /// and Enter then saved a file named after the half-typed directory).
    @Test func getCompletesWhereToSave() {
        let (typing, commands) = Samples.press(Samples.type("/tmp/d") + [.tab], capTyped)
        #expect(commands == [.complete("/tmp/d")] && typing.dialog == .get(cap: TextField(Samples.cap), destination: TextField("/tmp/d"), onDestination: true))
        let (one, _) = Update.update(typing, .completed(prefix: "/tmp/d", candidates: ["/tmp/dl/"]))
        #expect(one.dialog == .get(cap: TextField(Samples.cap), destination: TextField("/tmp/dl/"), onDestination: true))
        let (many, _) = Update.update(typing, .completed(prefix: "/tmp/d", candidates: ["/tmp/data/", "/tmp/dl/"]))
        #expect(many.message?.text == "2 match: data/  dl/", "\(String(describing: many.message))")
        // Nothing typed there, Tab lists what is here and stays (it went back to the cap, and
        // a path typed next joined the cap: a user test); the arrow goes back.
        let (empty, listing) = Samples.press([.tab], capTyped)
        #expect(listing == [.complete("")] && empty.dialog == .get(cap: TextField(Samples.cap), destination: TextField(), onDestination: true))
        #expect(Samples.press([.up], capTyped).0.dialog == .get(cap: TextField(Samples.cap), destination: TextField(), onDestination: false))
    }

    var capTyped: Model { Samples.press([.character("g")] + Samples.type(Samples.cap) + [.enter], model).0 }

    @Test func removeConfirms() {
        let (asking, _) = Samples.press([.down, .down, .character("d")], model)
        #expect(asking.dialog == .remove(id: 3, name: "db-dump.sql.gz"))
        #expect(Samples.press([.character("y")], asking).1 == [.remove(3)])
        #expect(Samples.press([.enter], asking).1 == [.remove(3)])
        let (kept, none) = Samples.press([.character("n")], asking)
        #expect(none.isEmpty && kept.dialog == nil)
        #expect(Samples.press([.escape], asking).1.isEmpty)
        #expect(Samples.press([.character("x")], asking).1.isEmpty, "an upload has no part file to delete")
        // An unfinished download's part file: y keeps it, x deletes it.
        let (download, _) = Samples.press([.down, .down, .down, .character("d")], model)
        #expect(download.dialog == .remove(id: 4, name: "dataset.parquet", partFile: "dataset.parquet.part"))
        #expect(Samples.press([.character("y")], download).1 == [.remove(4)])
        #expect(Samples.press([.character("x")], download).1 == [.discard(4)])
        let shown = View.render(download, glyphs: .unicode).lines.joined(separator: "\n")
        #expect(shown.contains("y removes, keeps dataset.parquet.part") && shown.contains("x removes, deletes dataset.parquet.part"), "\(shown)")
        // A download still waiting to start has none: removed without asking about one.
        var waiting = Samples.model(Samples.busy.map { transfer in
            guard transfer.id == 4 else { return transfer }
            var queued = transfer
            (queued.entry.state, queued.entry.phase, queued.entry.done) = (.queued, "", 0)
            return queued
        })
        Selection.select(4, &waiting)
        #expect(Samples.press([.character("d")], waiting).0.dialog == .remove(id: 4, name: "dataset.parquet"))
        // A long name gives way; ".part" stays, at any width (cut, "x" seemed to delete the file).
        for width in [40, 60, 80] {
            var long = Samples.model(width: width, height: 20)
            long.dialog = .remove(id: 4, name: "long-name-for-a-download-file-with-many-characters.bin",
                                  partFile: "long-name-for-a-download-file-with-many-characters.bin.part")
            let lines = View.render(long, glyphs: .unicode).lines.filter { $0.contains("removes, ") }
            #expect(lines.count == 2 && lines.allSatisfy { $0.replacingOccurrences(of: "│", with: "").trimmingCharacters(in: .whitespaces).hasSuffix(".part") },
                    "at \(width): \(lines)")
        }
    }

    /// Priority keys pressed faster than the agent answers each count.
    @Test func priorityKeysCountEachPress() {
        let (raised, commands) = Samples.press([.character("+"), .character("+"), .character("+"), .character("+")], model)
        #expect(commands.last == .setPriority(1, 4) && raised.selectedTransfer?.entry.priority == 4, "\(commands)")
    }

    @Test func rateLimitForTheSelectionOrForAll() {
        let (asking, _) = Samples.press([.character("l")], model)
        #expect(asking.dialog == .rateLimit(target: 1, TextField()))
        #expect(Samples.press(Samples.type("2M") + [.enter], asking).1 == [.setRateLimit(1, 2 << 20)], "M is 1024², as in curl")
        #expect(Samples.press(Samples.type("2MB") + [.enter], asking).1 == [.setRateLimit(1, 2_000_000)])
        #expect(Samples.press(Samples.type("512KiB/s") + [.enter], asking).1 == [.setRateLimit(1, 524_288)])
        #expect(Samples.press([.tab] + Samples.type("1G") + [.enter], asking).1 == [.setRateLimit(nil, 1 << 30)])
        // Tab shows the other target's limit in force, unless something was typed to apply to it.
        var limited = model
        limited.rateLimit = 3 << 20
        let (all, _) = Samples.press([.character("l"), .tab], limited)
        #expect(all.dialog == .rateLimit(target: nil, TextField("3MiB", selected: true)))
        // The filled-in limit is selected: what is typed replaces it (typed after it, `1M`
        // made `3MiB1M`, and after a `512`, `5121M`: 5 GiB/s, unseen).
        #expect(Samples.press(Samples.type("1M") + [.enter], all).1 == [.setRateLimit(nil, 1 << 20)])
        #expect(Samples.press([.backspace, .enter], all).1 == [.setRateLimit(nil, 0)], "a deletion clears it")
        #expect(Samples.press([.end, .backspace, .backspace] + Samples.type("B") + [.enter], all).1 == [.setRateLimit(nil, 3_000_000)],
                "a move keeps it, to edit")
        #expect(Samples.press([.character("l")] + Samples.type("5K") + [.tab], limited).0.dialog == .rateLimit(target: nil, TextField("5K")))
        #expect(Samples.press([.enter], asking).1 == [.setRateLimit(1, 0)], "empty lifts the limit")
        let (bad, none) = Samples.press(Samples.type("fast") + [.enter], asking)
        #expect(none.isEmpty)
        #expect(bad.message?.isError == true && bad.dialog != nil, "a bad rate keeps the dialog open")
    }

    /// The details pane scrolls no further than its last line (it went on into blank rows,
    /// and as many presses were needed to come back); Home and End jump to its ends.
    @Test func theDetailsPaneScrollsWithinItsLines() {
        var start = Samples.model(width: 80, height: 24)
        start.selected = 3
        start.log[3] = (0..<12).map { LogLine(time: Double($0), text: "event \($0)") }
        let (scrolled, _) = Samples.press([.tab] + Array(repeating: .down, count: 30), start)
        let last = DetailsView.lastTop(scrolled, .unicode)
        #expect(last > 0 && scrolled.detailsTop == last, "\(scrolled.detailsTop) of \(last)")
        #expect(Samples.press([.up], scrolled).0.detailsTop == last - 1, "one press back up moves it")
        #expect(Samples.press([.home], scrolled).0.detailsTop == 0)
        #expect(Samples.press([.home, .end], scrolled).0.detailsTop == last)
        let bottom = View.render(scrolled, glyphs: .unicode).lines.joined(separator: "\n")
        #expect(bottom.contains("event 0"), "the oldest event is in view at the end: \(bottom)")
        // Another transfer's details start from their top, however it was selected.
        #expect(Samples.press([.tab, .down], scrolled).0.detailsTop == 0, "moved to with a key")
        var removed = scrolled
        removed = Update.update(removed, .engine(.removed(3))).0
        #expect(removed.selected != 3 && removed.detailsTop == 0, "the scrolled one removed")
        var filtered = Samples.press([.tab, .character("/")] + Samples.type("photos") + [.enter], scrolled).0
        filtered = Update.update(filtered, .tick(Samples.now)).0
        #expect(filtered.selected != 3 && filtered.detailsTop == 0, "filtered away")
    }
}
