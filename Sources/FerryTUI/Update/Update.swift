import FerryClient
import FerryCore

/// The screen's pure logic: a message in, the new model and the commands to run out.
public enum Update {
    public static func update(_ model: Model, _ message: Message) -> (Model, [Command]) {
        var model = model
        let commands = update(&model, message)
        return (model, commands)
    }

    /// The same, in place: the screen's loop keeps one model and changes it without copying
    /// its transfers (a copy per engine event would cost 10,000 copies with a big queue).
    public static func update(_ model: inout Model, _ message: Message) -> [Command] {
        let selected = model.selected
        // Only what can change the selected transfer's lines (keys scroll the pane themselves,
        // and a new size measures it anew); each take measures the pane twice.
        let anchor: DetailsAnchor? = switch message {
        case .engine(.updated(let transfer)) where transfer.id == model.selected: DetailsAnchor.take(model)
        case .snapshot, .journal, .logs, .tick: DetailsAnchor.take(model)
        default: nil
        }
        let commands = apply(message, to: &model)
        if let notice = model.message, !notice.isError, !notice.endsOnAttach, model.now - model.messageSince >= StatusMessage.noticeSeconds {
            model.message = nil
        }
        Selection.keepValid(&model)
        // Another transfer's details start at their top, however it came to be selected (a
        // key, the one shown removed or filtered away).
        if model.selected != selected { model.detailsTop = 0 } else if let anchor { model.detailsTop = anchor.top(in: model) }
        return commands
    }

    static func apply(_ message: Message, to model: inout Model) -> [Command] {
        switch message {
        case .key(let key):
            model.message = nil
            return Keys.handle(key, &model)
        case .journal(let transfers, let interrupted, let logs):
            // An agent's word wins: the journal is read only while none runs.
            guard model.agent == .stopped else { break }
            model.interrupted = interrupted
            // What the agents logged, before the lines this screen adds ("interrupted"); not
            // over a log this screen has that is newer (the agent that just stopped may have
            // written its last second's lines after the screen heard them).
            let listed = Set(transfers.map(\.id))
            let newer = logs.filter { log in (model.log[log.id]?.last?.time ?? -.infinity) <= (log.lines.last?.time ?? -.infinity) }
            EngineChanges.logs(newer, &model) { listed.contains($0) }
            return apply(.snapshot(EngineSnapshot(transfers: transfers, maximumActive: model.maximumActive, rateLimit: 0)), to: &model)
        case .snapshot(let snapshot):
            let opening = model.selected == nil
            for transfer in snapshot.transfers { EngineChanges.updated(transfer, &model) }
            // A screen opening on a long queue selects (and scrolls to) what is going on: the
            // first transfer moving, else the first one waiting, else the newest (it sat on an
            // old failed row with the running one off screen).
            if opening, model.visibleCount > 0 {
                let rows = (0..<model.visibleCount).map { model.visibleTransfer(at: $0) }
                let pick = rows.first { $0.state.holdsSlot } ?? rows.first { !$0.state.isFinished } ?? rows.last
                if let pick { Selection.select(pick.id, &model) }
            }
            let ids = Set(snapshot.transfers.map(\.id))
            for gone in model.transfers.map(\.id) where !ids.contains(gone) { EngineChanges.removed(gone, &model) }
            model.maximumActive = snapshot.maximumActive
            model.rateLimit = snapshot.rateLimit
        case .logs(let logs): EngineChanges.logs(logs, &model)
        case .engine(.updated(let transfer)): EngineChanges.updated(transfer, &model)
        case .engine(.removed(let id)): EngineChanges.removed(id, &model)
        case .engine(.settings(let maximumActive, let rateLimit)):
            model.maximumActive = maximumActive
            model.rateLimit = rateLimit
        case .engine(.notice(let text)): model.message = StatusMessage(text, isError: false)
        case .resize(let width, let height):
            let wasCompact = Layout(model).compact
            model.width = width
            model.height = height
            // Scrolled where the details took the whole screen, they stayed scrolled in the
            // full layout's pane, its first lines (name, bytes, path) hidden with nothing to
            // say so: a new form of the screen shows them from the top; the same form, no
            // further down than the new size needs.
            model.detailsTop = Layout(model).compact != wasCompact ? 0 : min(model.detailsTop, DetailsView.lastTop(model, model.measuringGlyphs))
        case .tick(let now): model.now = now
        case .helper(let status): model.helper = status
        case .storage(let health): model.storage = health
        case .agent(let link):
            model.agent = link
            if case .attached = link {
                model.interrupted = []
                if model.message?.endsOnAttach == true { model.message = nil }
            }
            if link == .stopped {
                model.rateLimit = 0  // no agent, no limit in force; an agent's snapshot sets it again
                // News of the agent that went ("a new agent took over …; the rate limit set here
                // applies again") stood through the stop and the next start.
                if model.message?.isError == false { model.message = nil }
            }
            // Nothing moves without it: the rows stay, their speeds and times left do not
            // (a user test saw `1.95 MiB/s 3s` and the header's speed frozen after a stop, and
            // again beside an agent stopped with SIGSTOP). Its next events set them again.
            if case .attached = link {} else if link != .attaching {
                for var transfer in model.transfers where transfer.speed != 0 || transfer.eta != nil {
                    (transfer.speed, transfer.eta) = (0, nil)
                    EngineChanges.updated(transfer, &model)
                }
            }
        case .added(let id):
            if model.transfer(id) != nil { EngineChanges.select(added: id, &model) } else { model.selectWhenListed = id }
        case .completed(let prefix, let candidates, let notUTF8): Completion.apply(prefix, candidates, notUTF8: notUTF8, &model)
        case .failed(let text): model.message = StatusMessage(text, isError: true)
        case .notice(let text): model.message = StatusMessage(text, isError: false)
        case .unattached(let text, let reopen):
            model.message = StatusMessage(text, isError: true, endsOnAttach: true)
            if model.dialog == nil { model.dialog = reopen }
        case .refused(let dialog, let reason):
            model.message = StatusMessage(reason, isError: true)
            if model.dialog == nil { model.dialog = dialog }  // to mend the typo, not type it all again
        }
        return []
    }
}
