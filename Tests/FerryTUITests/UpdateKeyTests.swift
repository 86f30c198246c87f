import FerryClient
import FerryCore
@testable import FerryTUI
import Testing

/// Every action of the default key map, on the busy sample list (80×24).
struct UpdateKeyTests {
    let model = Samples.model()

    @Test func arrowsAndVimKeysMoveTheSelectionWithinTheList() {
        #expect(model.selected == 1)
        #expect(Samples.press([.down, .character("j")], model).0.selected == 3)
        #expect(Samples.press([.down, .character("k")], model).0.selected == 1)
        #expect(Samples.press([.up], model).0.selected == 1, "stays on the first row")
        #expect(Samples.press([.end], model).0.selected == 7)
        #expect(Samples.press([.character("G"), .home], model).0.selected == 1)
        #expect(Samples.press([.pageDown], model).0.selected == 7, "a page is longer than the list")
        #expect(Samples.press([.pageDown, .pageUp], model).0.selected == 1)
    }

    @Test func aLongListScrollsToKeepTheSelectionInView() {
        let many = (1...40).map { Samples.transfer(Int64($0), .upload(path: "/f/file\($0).bin"), .queued) }
        let model = Samples.model(many)
        let height = Layout(width: 80, height: 24).listHeight
        let (down, _) = Samples.press(Array(repeating: .down, count: height), model)
        #expect(down.selected == Int64(height + 1))
        #expect(down.top == 1)
        let (paged, _) = Samples.press([.pageDown, .pageDown], model)
        #expect(paged.selected == Int64(2 * height + 1))
        #expect(paged.top == 2 * height - height + 1, "the selected row (index 2h) is the last shown")
        #expect(Samples.press([.end], model).0.top == 40 - height)
    }

    @Test func spaceResumesWhatIsStoppedAndPausesWhatMoves() {
        #expect(Samples.press([.character(" ")], model).1 == [.pause(1)], "active")
        #expect(Samples.press([.down, .down, .down, .character(" ")], model).1 == [.pause(4)], "active download")
        #expect(Samples.press([.down, .down, .character(" ")], model).1 == [.pause(3)], "retrying")
        #expect(Samples.press([.end, .up, .character(" ")], model).1 == [.resume(6)], "paused")
        #expect(Samples.press([.end, .character(" ")], model).1 == [.resume(7)], "failed: try again")
        var sorted = model
        sorted.sort = .state
        let (done, commands) = Samples.press([.end, .character(" ")], sorted)
        #expect(commands.isEmpty)
        #expect(done.message?.text == "photos.zip is done")
    }

    @Test func allAtOnce() {
        #expect(Samples.press([.character("P")], model).1 == [.pauseAll])
        #expect(Samples.press([.character("R")], model).1 == [.resumeAll])
    }

    @Test func priorityGoesUpAndDown() {
        #expect(Samples.press([.character("+")], model).1 == [.setPriority(1, 1)])
        #expect(Samples.press([.character("-")], model).1 == [.setPriority(1, -1)])
        var sorted = model
        sorted.sort = .state
        let (done, commands) = Samples.press([.end, .character("+")], sorted)
        #expect(commands.isEmpty, "a finished transfer waits for nothing")
        #expect(done.message?.text == "photos.zip is done; priorities order what waits")
    }

    @Test func sortStepsThroughTheOrders() {
        let (sorted, _) = Samples.press([.character("s")], model)
        #expect(sorted.sort == .name)
        #expect(sorted.visible.map(\.id) == [1, 7, 4, 3, 6, 2, 5], "backup, broken, dataset, db-dump, notes, photos, vm-image")
        #expect(sorted.message?.text == "sorted by name")
        #expect(Samples.press(Array(repeating: .character("s"), count: SortOrder.allCases.count), model).0.sort == .added)
        #expect(Samples.press([.character("s"), .character("s"), .character("s")], model).0.visible.first?.id == 1, "fastest first")
        #expect(Samples.press(Array(repeating: .character("s"), count: 4), model).0.visible.map(\.id).prefix(2) == [1, 4], "active first")
    }

    @Test func filterNarrowsAsItIsTypedEnterKeepsEscClears() {
        let (typing, _) = Samples.press([.character("/")] + Samples.type("zip"), model)
        #expect(typing.filterField?.text == "zip")
        #expect(typing.visible.map(\.id) == [2])
        #expect(typing.selected == 2, "the selection follows into what is shown")
        let (kept, _) = Samples.press([.enter], typing)
        #expect(kept.filterField == nil && kept.filter == "zip")
        let (cleared, _) = Samples.press([.character("/"), .escape], kept)
        #expect(cleared.filter == "" && cleared.visible.count == 7)
        // Esc in the list lets go of a kept filter too (it did nothing).
        let (letGo, _) = Samples.press([.escape], kept)
        #expect(letGo.filter == "" && letGo.visible.count == 7 && letGo.message?.text == "filter cleared")
        let (nothing, _) = Samples.press([.character("/")] + Samples.type("zzz") + [.enter, .character(" ")], model)
        #expect(nothing.visible.isEmpty)
        #expect(nothing.message == StatusMessage("nothing selected", isError: true))
    }

    @Test func tabSwitchesPanesAndArrowsThenScrollTheDetails() {
        var eventful = model
        eventful.log[1] = (0..<8).map { LogLine(time: Double($0), text: "event \($0)") }  // more than the pane holds
        let (details, _) = Samples.press([.tab, .down, .down], eventful)
        #expect(details.focus == .details)
        #expect(details.selected == 1 && details.detailsTop == 2)
        #expect(Samples.press([.tab], details).0.focus == .list)
    }

    /// A paste is text: into the field open, or on the list a cap opens the get dialog with
    /// it and a path the add dialog; never keys (a cap's `R` resumed every transfer).
    @Test func aPasteIsTextNotKeys() {
        let (getting, commands) = Samples.press([.paste("  \(Samples.cap)\nsecond line")], model)
        #expect(commands.isEmpty)
        guard case .get(let cap, _, false)? = getting.dialog else { Issue.record("\(String(describing: getting.dialog))"); return }
        #expect(cap.text == Samples.cap)
        let (adding, _) = Samples.press([.paste("/srv/a\tb.iso")], model)
        guard case .add(let path, _)? = adding.dialog else { Issue.record("\(String(describing: adding.dialog))"); return }
        #expect(path.text == "/srv/ab.iso", "control characters left out")
        let (filtering, _) = Samples.press([.character("/"), .paste("zip")], model)
        #expect(filtering.filterField?.text == "zip" && filtering.dialog == nil)
        var removing = model
        removing.dialog = .remove(id: 1, name: "backup", partFile: nil)
        let (answered, none) = Samples.press([.paste("yes")], removing)
        #expect(answered.dialog == removing.dialog && none.isEmpty, "a paste answers no question")
        // Taken whole by the field: at the cursor, or in place of a filled-in value.
        var field = TextField("/srv/.iso")
        field.cursor = 5
        #expect(field.edit(.paste("backup")) && field.text == "/srv/backup.iso" && field.cursor == 11)
        var filled = TextField("512K", selected: true)
        #expect(filled.edit(.paste("2M")) && filled.text == "2M" && filled.cursor == 2)
        let long = String(repeating: "a", count: 30_000)
        let (pasted, _) = Samples.press([.paste("/" + long)], model)
        guard case .add(let whole, _)? = pasted.dialog else { Issue.record("\(String(describing: pasted.dialog))"); return }
        #expect(whole.text.count == 30_001 && whole.cursor == 30_001)
    }

    @Test func yCopiesTheCapWhenThereIsOne() {
        let (none, nothing) = Samples.press([.character("y")], model)  // the active upload: no cap yet
        #expect(nothing.isEmpty)
        #expect(none.message?.isError == true)
        var done = model
        done.selected = 2  // photos.zip, uploaded
        let (copied, commands) = Samples.press([.character("y")], done)
        #expect(commands == [.copy(Samples.cap)])
        #expect(copied.message?.text == "cap copied to the clipboard (OSC 52); `ferry ls` prints it whole")
    }

    @Test func helpOpensScrollsAndAnyOtherKeyClosesIt() {
        let (help, _) = Samples.press([.character("?")], model)
        #expect(help.helpShown)
        #expect(Samples.press([.down, .down], help).0.helpTop == 2)
        #expect(!Samples.press([.escape], help).0.helpShown)
        #expect(Samples.press([.function(1)], model).0.helpShown)
        #expect(Samples.press([.character("q")], help).1.isEmpty, "q closes the help, it does not quit")
    }

    /// The help names the dialogs' and the filter's keys too (it said nothing of them),
    /// within its columns in ASCII as in UTF-8.
    @Test func helpNamesTheDialogKeys() {
        var model = Samples.model(width: 80, height: 60)
        model.helpShown = true
        let shown = View.render(model, glyphs: .unicode).lines.joined(separator: "\n")
        #expect(shown.contains("in dialogs and the filter") && shown.contains("C-u C-k C-w") && shown.contains("complete a path"), "\(shown)")
        model.unicode = false
        let ascii = View.render(model, glyphs: .ascii).lines.joined(separator: "\n")
        #expect(ascii.contains("  <- ->         move in the text"), "\(ascii)")
    }

    @Test func quitLeavesAtOnceWhileTransfersGoOnInTheAgent() {
        let (quitting, commands) = Samples.press([.character("q")], model)
        #expect(model.activeCount == 3 && quitting.quitting && quitting.dialog == nil && commands == [.quit])
        let idle = Samples.model(Samples.busy.filter { !$0.state.holdsSlot })
        #expect(Samples.press([.character("q")], idle).1 == [.quit])
        #expect(Samples.press([.character("a"), .control("c")], model).1 == [.quit], "Ctrl-C quits from anywhere")
    }

    @Test func reboundKeysAct() throws {
        var model = self.model
        model.keyMap = KeyMap.standard.overriding(["toggle": ["p"], "quit": ["C-q", "x"]]).map
        #expect(Samples.press([.character("p")], model).1 == [.pause(1)])
        #expect(Samples.press([.character(" ")], model).1.isEmpty)
        #expect(Samples.press([.control("q")], model).1 == [.quit])
        #expect(Samples.press([.character("q")], model).1.isEmpty, "q is no longer bound")
    }
}
