import FerryClient
import FerryCore
import FerryTUI
import Foundation
import Synchronization

/// Shows an engine's transfers: on a terminal, one line on standard error redrawn at most
/// ten times a second (each running transfer's name, percent and phase, and the total
/// speed), notable steps printed above it; when piped, a log line per notable step; with
/// `--json`, one JSON object per change on standard output.
final class EngineReporter: Sendable {
    private struct State {
        var transfers: [Int64: TransferSnapshot] = [:]
        var notes: [Int64: String] = [:]
        var states: [Int64: String] = [:]
        var phases: [Int64: String] = [:]
        /// When each transfer's progress was last logged (piped output).
        var logged: [Int64: Double] = [:]
        var lastDraw = -1.0  // the first change draws at once
        /// Stopped by a signal: what comes after the last word is not shown.
        var closed = false
    }

    /// Piped output logs each running transfer's progress this often (seconds).
    static let logInterval = 10.0

    let style: ProgressLine.Style
    let ids: Set<Int64>
    private let state = Mutex(State())
    private let started = ContinuousClock.now

    init(style: ProgressLine.Style, ids: [Int64]) {
        self.style = style
        self.ids = Set(ids)
    }

    func handle(_ event: EngineEvent) {
        guard case .updated(let snapshot) = event, ids.contains(snapshot.id) else { return }
        if isJSON {
            // Printed under the lock: a line printed after ``close()`` came after the last word.
            return state.withLock { state in
                guard !state.closed else { return }
                state.transfers[snapshot.id] = snapshot
                emitJSON(snapshot)
            }
        }
        let (lines, bar) = state.withLock { state -> ([String], String?) in
            guard !state.closed else { return ([], nil) }
            state.transfers[snapshot.id] = snapshot
            var lines: [String] = []
            let name = Printable.name(snapshot.entry.request.name)
            if let note = snapshot.note, state.notes[snapshot.id] != note {
                state.notes[snapshot.id] = note
                lines.append("\(name): \(note)")
            }
            // Every retry is said, not only the first of a run of them: a helper that stayed
            // down showed "retrying in 1s", then nothing while the waits grew (operator test).
            let said = snapshot.state.name + (snapshot.state.retryingAt.map { " \($0)" } ?? "")
            if state.states[snapshot.id] != said {
                let before = state.states[snapshot.id]
                state.states[snapshot.id] = said
                switch snapshot.state {
                case .retrying(_, let code, let message):
                    lines.append("\(name): \(code): \(message); \(HumanFormat.retrying(in: snapshot.retryIn ?? 0))")
                // One of several paused from elsewhere (a screen, `ferry pause`) while the others
                // go on went quiet without a word (a user test); and so did its resuming.
                // (Alone, the command ends and says so itself.)
                case .paused where before != nil && state.transfers.values.contains { $0.id != snapshot.id && !$0.state.isFinished && $0.state != .paused }:
                    lines.append("\(name): paused; `ferry resume \(snapshot.id)` goes on with it")
                case .queued where before == "paused", .active where before == "paused":
                    lines.append("\(name): resumed")
                default: break
                }
            }
            let now = elapsed
            if style == .plain { lines += Self.logLines(snapshot, now: now, state: &state) }
            guard style == .terminal, !lines.isEmpty || now - state.lastDraw >= 0.1 else { return (lines, nil) }
            state.lastDraw = now
            return (lines, ProgressSummary.line(Array(state.transfers.values), width: TerminalColumns.standardError() - 1))
        }
        show(lines, bar: bar)
    }

    /// Prints `lines` (above the progress line on a terminal), then the progress line `bar`.
    private func show(_ lines: [String], bar: String? = nil) {
        switch style {
        case .plain: for line in lines { printError(line) }
        case .terminal:
            for line in lines { printErrorInline("\r\u{1B}[K" + line + "\n") }
            if let bar { printErrorInline("\r\u{1B}[K" + TerminalColumns.fitted(bar)) }
        default: break
        }
    }

    /// Piped output (a log, `nohup`, CI): a line when a transfer's phase or state changes,
    /// and its progress every ``logInterval`` seconds while it runs.
    private static func logLines(_ snapshot: TransferSnapshot, now: Double, state: inout State) -> [String] {
        let name = Printable.name(snapshot.entry.request.name)
        // The screen's words for the phases (the runner's "keying" and "fetching" read as
        // "hashing" and "receiving" there).
        let phase = TransferRow.phaseWord(snapshot.entry.phase, upload: TransferRow.isUpload(snapshot))
        var lines: [String] = []
        if snapshot.state == .active, !snapshot.entry.phase.isEmpty, state.phases[snapshot.id] != phase {
            state.phases[snapshot.id] = phase
            state.logged[snapshot.id] = now
            lines.append("\(name): \(phase)")
        } else if snapshot.state == .active, snapshot.entry.total > 0, now - (state.logged[snapshot.id] ?? 0) >= logInterval {
            state.logged[snapshot.id] = now
            let percent = Int(min(1, Double(snapshot.entry.done) / Double(snapshot.entry.total)) * 100)
            lines.append("\(name): \(percent)% \(phase) \(HumanFormat.bytes(snapshot.entry.done))/\(HumanFormat.bytes(snapshot.entry.total)) \(HumanFormat.rate(snapshot.speed))")
        }
        if snapshot.state == .done, state.phases[snapshot.id] != "done" {
            state.phases[snapshot.id] = "done"
            lines.append("\(name): done")
        }
        return lines
    }

    /// Shows the command's transfers as they stand once it has added or resumed them: one
    /// waiting in the queue sends no event until it starts, and `ferry resume ID` of a queued
    /// one said nothing for as long. (A transfer only passes through the queue as it starts,
    /// so the state's changes say nothing of it.)
    func seed(_ snapshots: [TransferSnapshot]) {
        for snapshot in snapshots where ids.contains(snapshot.id) {
            // Its note is from its last run: known, not news.
            if let note = snapshot.note { state.withLock { $0.notes[snapshot.id] = note } }
            if snapshot.state == .queued { show(["\(Printable.name(snapshot.entry.request.name)): queued until one of the running transfers ends"]) }
            handle(.updated(snapshot))
        }
    }

    /// Ends the progress line before results are printed.
    func finish() {
        if style == .terminal { printErrorInline("\r\u{1B}[K") }
    }

    /// Shows nothing more; the last snapshot heard of each transfer (a signal stops the
    /// command: those already done are said as such, the others as stopped).
    func close() -> [Int64: TransferSnapshot] {
        state.withLock { state in
            state.closed = true
            return state.transfers
        }
    }

    /// `settled`, the transfers' last snapshots as the engine has them, and those it no
    /// longer has that were done when last heard of: one removed from the queue once done
    /// (`ferry rm --finished` from another shell) is still done (it was said as removed
    /// before it finished, and its cap was not printed).
    func keepingDone(_ settled: [TransferSnapshot]) -> [TransferSnapshot] {
        let have = Set(settled.map(\.id))
        let known = state.withLock { $0.transfers }
        return settled + known.values.filter { ids.contains($0.id) && !have.contains($0.id) && $0.state == .done }
    }

    /// With `--json`, the last word on each of `ids`, transfers this command no longer waits
    /// for (a signal or an agent's stop ended it; the last line a script saw said `active`,
    /// and nothing said what became of them): `stopped` (journaled: `ferry resume` goes on),
    /// with `code`, or `detached` (left running in the agent), with how to go on.
    func interrupted(_ ids: [Int64], names: [Int64: String], ending: CommandStop.Ending) {
        guard isJSON else { return }
        for id in ids {
            var object: [String: Any] = ["id": id, "name": names[id] ?? ""]
            switch ending {
            case .detached:
                object["event"] = "detached"
                object["message"] = "the agent goes on with it; `ferry pause \(id)` stops it"
            case .stopped(let code, let reason):
                object["event"] = "stopped"
                object["code"] = code
                object["message"] = "\(reason); `ferry resume \(id)` goes on from where it stopped"
            }
            if let line = jsonLine(object) { style == .json ? printNow(line) : printError(line) }
        }
    }

    private var isJSON: Bool { style == .json || style == .jsonOnStandardError }

    private var elapsed: Double {
        (ContinuousClock.now - started).inSeconds
    }

    private func emitJSON(_ snapshot: TransferSnapshot) {
        var object: [String: Any] = ["event": "transfer", "id": snapshot.id, "kind": snapshot.entry.request.kind,
                                     "name": snapshot.entry.request.name, "state": snapshot.state.name, "phase": snapshot.entry.phase,
                                     "done": snapshot.entry.done, "total": snapshot.entry.total, "speed": snapshot.speed.rounded()]
        if let note = snapshot.note { object["note"] = note }
        if let cap = snapshot.entry.cap { object["cap"] = cap }
        switch snapshot.state {
        case .retrying(_, let code, let message), .failed(let code, let message):
            object["code"] = code
            object["message"] = message
        default: break
        }
        guard let text = jsonLine(object) else { return }
        style == .json ? printNow(text) : printError(text)
    }
}
