import FerryClient
import FerryCore

/// Folds the engine's news into the model: the transfer list, retry deadlines, and a line
/// in the transfer's log for every change of state or phase and every note.
enum EngineChanges {
    static func updated(_ transfer: TransferSnapshot, _ model: inout Model) {
        let previous = model.upsert(transfer)
        if let retryIn = transfer.retryIn, case .retrying = transfer.state {
            // Each snapshot's countdown, taken when it was sent and heard a moment later, puts
            // the deadline a little later each time: the count showed a second twice. A deadline
            // that moved by less than half a second is the same one.
            let at = model.now + retryIn
            if model.retryAt[transfer.id].map({ abs($0 - at) >= 0.5 }) ?? true { model.retryAt[transfer.id] = at }
        } else {
            model.retryAt[transfer.id] = nil
        }
        if previous == nil, model.log[transfer.id] == nil {
            // First seen (added now, or listed when the screen attached): said at the time it
            // was added, not the time this screen heard of it.
            log(TransferLogBook.added(transfer), transfer.id, at: min(model.now, transfer.entry.added), &model)
        }
        for line in changes(from: previous, to: transfer) {
            // Read from the journal with no agent, one that held a slot comes as paused; its
            // row says interrupted, and so does its log (it said "paused": a user test).
            let interrupted = line == "paused" && model.agent == .stopped && model.interrupted.contains(transfer.id)
            log(interrupted ? "interrupted: no agent runs it" : line, transfer.id, &model)
        }
        if model.selectWhenListed == transfer.id {
            model.selectWhenListed = nil
            select(added: transfer.id, &model)
        }
        if model.selected == nil, model.visibleCount > 0 { model.selected = model.visibleTransfer(at: 0).id }
    }

    /// Selects a transfer this screen added, now listed; one the filter hides is said, with
    /// how to see it (it was left unseen: a user test wondered where the upload went).
    static func select(added id: Int64, _ model: inout Model) {
        if model.row(of: id) != nil { return Selection.select(id, &model) }
        guard let transfer = model.transfer(id), !model.filter.isEmpty else { return }
        model.message = StatusMessage("added \(TransferRow.name(of: transfer)), which the filter “\(model.filter)” hides: / then Esc shows all")
    }

    static func removed(_ id: Int64, _ model: inout Model) {
        if model.selected == id, let row = model.row(of: id) {
            // The next row takes the selection, or the one before when it was the last.
            let next = row + 1 < model.visibleCount ? row + 1 : row - 1
            model.selected = next >= 0 ? model.visibleTransfer(at: next).id : nil
        }
        model.remove(id)
        model.log[id] = nil
        model.retryAt[id] = nil
    }

    /// What is worth a log line between two snapshots of a transfer (the agent's log book's
    /// rules, so the lines a screen adds match those it was given on attaching).
    static func changes(from old: TransferSnapshot?, to new: TransferSnapshot) -> [String] {
        guard let old else { return [] }  // the first sighting is logged by `updated`
        return TransferLogBook.changes(from: (old.entry.state, old.entry.phase, old.note), to: new)
    }

    /// The agent's logs, given when the screen attaches: they stand for what this screen
    /// saw (it may have been away) and what happened before it opened.
    static func logs(_ logs: [TransferLog], _ model: inout Model, known: (Int64) -> Bool = { _ in false }) {
        for log in logs where model.transfer(log.id) != nil || known(log.id) {
            model.log[log.id] = log.lines.suffix(Model.logLimit).map { LogLine(time: $0.time, text: $0.text) }
        }
    }

    static func log(_ text: String, _ id: Int64, at time: Double? = nil, _ model: inout Model) {
        var lines = model.log[id] ?? []
        lines.append(LogLine(time: time ?? model.now, text: text))
        if lines.count > Model.logLimit { lines.removeFirst(lines.count - Model.logLimit) }
        model.log[id] = lines
    }
}
