import Foundation
import FerryCore

/// Keys while a dialog is open: Esc cancels, Enter confirms, Tab completes a path or
/// moves between fields; anything else edits the field.
enum DialogKeys {
    static func handle(_ key: Key, _ model: inout Model) -> [Command] {
        guard let dialog = model.dialog else { return [] }
        if key == .escape {
            model.dialog = nil
            return []
        }
        switch dialog {
        case .add(var field, _):
            switch key {
            case .enter:
                let path = field.text.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else {
                    model.message = StatusMessage("type a path to a file, or a pattern such as ~/videos/*.mkv; Tab lists what is here", isError: true)
                    return []
                }
                model.dialog = nil
                return [.addUpload(path: path)]
            case .tab: return [.complete(field.text)]
            default:
                if field.edit(key) { model.dialog = .add(field, choices: []) }
            }
        case .get(var cap, var destination, let onDestination):
            switch key {
            // Tab completes where to save (as in the add dialog; empty, it lists what is here),
            // and moves from the cap; the arrows and Shift-Tab always move.
            case .tab where onDestination: return [.complete(destination.text)]
            case .tab, .backTab, .up, .down: model.dialog = .get(cap: cap, destination: destination, onDestination: !onDestination)
            case .enter:
                let capText = cap.text.trimmingCharacters(in: .whitespaces), path = destination.text.trimmingCharacters(in: .whitespaces)
                if capText.isEmpty {
                    model.dialog = .get(cap: cap, destination: destination, onDestination: false)
                    model.message = StatusMessage("paste a cap (URI:CHK:… or URI:LIT:…)", isError: true)
                } else if path.isEmpty {
                    model.dialog = .get(cap: cap, destination: destination, onDestination: true)
                    if onDestination { model.message = StatusMessage("where should it be saved?", isError: true) }
                } else {
                    model.dialog = nil
                    return [.addDownload(cap: capText, destination: path)]
                }
            default:
                if onDestination { _ = destination.edit(key) } else { _ = cap.edit(key) }
                model.dialog = .get(cap: cap, destination: destination, onDestination: onDestination)
            }
        case .remove(let id, _, let partFile):
            switch key {
            case .enter, .character("y"), .character("Y"):
                model.dialog = nil
                return [.remove(id)]
            case .character("x") where partFile != nil, .character("X") where partFile != nil:
                model.dialog = nil
                return [.discard(id)]
            case .character("n"), .character("N"): model.dialog = nil
            default: break
            }
        case .rateLimit(let target, var field):
            switch key {
            case .tab:
                // The other target's limit in the field, unless something else was typed (to apply to it).
                let other = target == nil ? model.selected : nil
                let untouched = field.selected || field.text == Keys.rateText(target, model)
                model.dialog = .rateLimit(target: other, untouched ? TextField(Keys.rateText(other, model), selected: true) : field)
            case .enter:
                let text = field.text.trimmingCharacters(in: .whitespaces)
                guard let bytes = text.isEmpty ? 0 : ByteSize.parseRate(text) else {
                    model.message = StatusMessage("not a rate: \(text) (try 500K, 2M or 0 for none; K and M are 1024 and 1024², as in curl)", isError: true)
                    return []
                }
                model.dialog = nil
                return [.setRateLimit(target, bytes)]
            default:
                if field.edit(key) { model.dialog = .rateLimit(target: target, field) }
            }
        }
        return []
    }
}
