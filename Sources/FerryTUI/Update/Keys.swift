import FerryClient
import FerryCore

/// What a key does: in the help, a dialog or the filter prompt first; else the key map's
/// action on the list. Ctrl-C quits from anywhere (the journal keeps every transfer).
enum Keys {
    static func handle(_ key: Key, _ model: inout Model) -> [Command] {
        if key == .control("c") {
            model.quitting = true
            return [.quit]
        }
        if case .paste(let text) = key { return paste(text, &model) }
        if model.helpShown { return help(key, &model) }
        if model.dialog != nil { return DialogKeys.handle(key, &model) }
        if model.filterField != nil { return filter(key, &model) }
        guard let action = model.keyMap.action(for: key) else {
            // Esc lets go of a kept filter, as it does while one is typed (it did nothing, and
            // nothing said how: `/`, then Esc).
            if key == .escape, !model.filter.isEmpty {
                model.filter = ""
                model.message = StatusMessage("filter cleared")
            }
            return []
        }
        return perform(action, &model)
    }

    /// Pasted text goes into the field open, its first line only (a field holds one line);
    /// pasted on the list, a cap opens the get dialog with it and anything else the add
    /// dialog (a path). It came as keys, one per character: a cap pasted on the list resumed
    /// every transfer (`R`), changed the sort (`s`) and opened the get dialog (a user test).
    /// The field takes it whole (``TextField/edit(_:)``); the remove dialog's keys are answers,
    /// and a paste is none.
    static func paste(_ text: String, _ model: inout Model) -> [Command] {
        // Control characters (a tab, an escape) left out: a field holds none.
        let first = text.split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let line = String(first.filter { !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        guard !line.isEmpty, !model.helpShown else { return [] }
        if model.dialog == nil, model.filterField == nil {
            _ = perform(line.hasPrefix("URI:") ? .get : .add, &model)
        }
        return model.dialog != nil ? DialogKeys.handle(.paste(line), &model) : filter(.paste(line), &model)
    }

    /// The limit now in force for `target` (a transfer, or nil: all together) as the rate
    /// dialog's field starts with it; empty for none.
    static func rateText(_ target: Int64?, _ model: Model) -> String {
        let current = target.map { model.transfer($0)?.entry.rateLimit ?? 0 } ?? model.rateLimit
        return current == 0 ? "" : ByteSize.formatRate(current)
    }

    static func perform(_ action: KeyAction, _ model: inout Model) -> [Command] {
        let page = Layout(width: model.width, height: model.height).listHeight
        let selected = model.selectedTransfer
        switch action {
        case .up, .down:
            if model.focus == .details {
                let last = DetailsView.lastTop(model, model.measuringGlyphs)
                model.detailsTop = max(0, min(last, model.detailsTop + (action == .up ? -1 : 1)))
            } else {
                Selection.move(action == .up ? -1 : 1, &model)
            }
        case .pageUp: Selection.move(-page, &model)
        case .pageDown: Selection.move(page, &model)
        case .top where model.focus == .details: model.detailsTop = 0
        case .bottom where model.focus == .details: model.detailsTop = DetailsView.lastTop(model, model.measuringGlyphs)
        case .top: Selection.move(-model.transfers.count, &model)
        case .bottom: Selection.move(model.transfers.count, &model)
        case .toggle:
            guard let selected else { return nothing(&model) }
            switch selected.state {
            case .paused, .failed: return [.resume(selected.id)]
            case .queued, .active, .retrying: return [.pause(selected.id)]
            case .done: model.message = StatusMessage("\(TransferRow.name(of: selected)) is done")
            }
        case .pauseAll: return [.pauseAll]
        case .resumeAll: return [.resumeAll]
        case .add: model.dialog = .add(TextField(), choices: [])
        case .get: model.dialog = .get(cap: TextField(), destination: TextField(), onDestination: false)
        case .remove:
            guard let selected else { return nothing(&model) }
            let unfinishedDownload = selected.entry.request.kind == "download" && selected.state != .done
            // One that never started has no part file to keep or delete (the dialog offered to).
            let started = !selected.entry.phase.isEmpty || selected.entry.done > 0
            let partFile = unfinishedDownload && started ? PartFileNames.part(of: selected.entry.request.name) : nil
            model.dialog = .remove(id: selected.id, name: TransferRow.name(of: selected), partFile: partFile)
        case .priorityUp, .priorityDown:
            guard var selected else { return nothing(&model) }
            // A finished transfer waits for nothing: a priority there changed a number only.
            guard selected.state != .done else {
                model.message = StatusMessage("\(TransferRow.name(of: selected)) is done; priorities order what waits")
                return []
            }
            // Shown at once, so the next press counts from it: `+ + + +` typed faster than the
            // agent's answers raised the priority by two.
            selected.entry.priority += action == .priorityUp ? 1 : -1
            EngineChanges.updated(selected, &model)
            return [.setPriority(selected.id, selected.entry.priority)]
        case .rateLimit:
            model.dialog = .rateLimit(target: selected?.id, TextField(rateText(selected?.id, model), selected: true))
        case .filter: model.filterField = TextField(model.filter)
        case .sort:
            model.sort = model.sort.next
            model.message = StatusMessage("sorted by \(model.sort.rawValue)")
        case .switchPane: model.focus = model.focus == .list ? .details : .list
        case .copyCap:
            guard let cap = selected?.entry.cap else {
                model.message = StatusMessage(selected == nil ? "nothing selected" : "no cap yet: the upload has not finished", isError: true)
                return []
            }
            // Sent to the terminal (OSC 52), which may not take it (tmux without set-clipboard,
            // some terminals): where the whole cap is, too.
            model.message = StatusMessage("cap copied to the clipboard (OSC 52); `ferry ls` prints it whole")
            return [.copy(cap)]
        case .help:
            model.helpShown = true
            model.helpTop = 0
        case .quit:  // the screen only: transfers go on in the agent, so nothing to confirm
            model.quitting = true
            return [.quit]
        }
        return []
    }

    private static func nothing(_ model: inout Model) -> [Command] {
        model.message = StatusMessage("nothing selected", isError: true)
        return []
    }

    private static func help(_ key: Key, _ model: inout Model) -> [Command] {
        switch model.keyMap.action(for: key) {
        case .up: model.helpTop = max(0, model.helpTop - 1)
        case .down: model.helpTop += 1
        case .pageUp: model.helpTop = max(0, model.helpTop - model.height / 2)
        case .pageDown: model.helpTop += model.height / 2
        default: model.helpShown = false
        }
        return []
    }

    /// The filter prompt filters as it is typed; Enter keeps it, Esc clears it.
    private static func filter(_ key: Key, _ model: inout Model) -> [Command] {
        switch key {
        case .enter: model.filterField = nil
        case .escape:
            model.filterField = nil
            model.filter = ""
        default:
            guard var field = model.filterField, field.edit(key) else { return [] }
            model.filterField = field
            model.filter = field.text
        }
        return []
    }
}
