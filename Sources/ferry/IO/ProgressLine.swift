import FerryCore
import FerryTUI
import Foundation
import Synchronization

/// One transfer's progress as a person sees it: on a terminal, a line on standard error
/// redrawn at most ten times a second (bar, percent, phase, bytes, smoothed speed); when
/// piped, a log line per notable step; with `--json`, one JSON object per event on
/// standard output. Events arrive from several tasks, hence the lock.
final class ProgressLine: Sendable {
    enum Style: Sendable { case terminal, plain, json, jsonOnStandardError }

    /// What the line shows; reporters update it from their events.
    struct Figures {
        var phase: String
        var done: UInt64 = 0
        var total: UInt64 = 0
        /// Whether `done`/`total` are bytes moving now (then bytes and speed are shown).
        var moving = false
        /// Notes a reporter says only once.
        var said: Set<String> = []
        fileprivate var speed = 0.0
        fileprivate var lastSample: (time: Double, bytes: UInt64)?
        fileprivate var lastDraw = 0.0
    }

    let name: String
    /// The name as lines show it (``Printable``).
    let shown: String
    let style: Style
    private let figures: Mutex<Figures>
    private let started = ContinuousClock.now

    init(name: String, style: Style, phase: String) {
        self.name = name
        shown = Printable.name(name)
        self.style = style
        figures = Mutex(Figures(phase: phase))
    }

    /// Applies `change`; a message it returns is a notable step (logged when piped, printed
    /// above the bar on a terminal). `json` is the event for `--json`.
    func update(json: [String: Any], _ change: (inout Figures) -> String?) {
        let message = figures.withLock { change(&$0) }
        switch style {
        case .json, .jsonOnStandardError:
            var object = json
            object["file"] = name
            if let text = jsonLine(object) {
                if style == .json { printNow(text) } else { printError(text) }
            }
        case .plain:
            if let message { printError("\(shown): \(message)") }
        case .terminal:
            redraw(message: message.map { "\(shown): \($0)" })
        }
    }

    /// Ends the progress line (terminal) before the result is printed.
    func finish() {
        if style == .terminal { printErrorInline("\r\u{1B}[K") }
    }

    private var now: Double {
        (ContinuousClock.now - started).inSeconds
    }

    private func redraw(message: String?) {
        let text: String? = figures.withLock { state in
            let time = now
            if let sample = state.lastSample, time - sample.time >= 0.5 {
                let instant = Double(state.done &- sample.bytes) / (time - sample.time)
                state.speed = state.speed == 0 ? instant : 0.7 * state.speed + 0.3 * max(0, instant)
                state.lastSample = (time, state.done)
            } else if state.lastSample == nil {
                state.lastSample = (time, state.done)
            }
            guard message != nil || time - state.lastDraw >= 0.1 else { return nil }
            state.lastDraw = time
            let fraction = state.total > 0 ? min(1, Double(state.done) / Double(state.total)) : 0
            let bar = ProgressSummary.bar(fraction, width: 20)
            let bytes = state.moving ? "\(HumanFormat.bytes(state.done))/\(HumanFormat.bytes(state.total))  \(HumanFormat.rate(state.speed))" : ""
            return "\r\u{1B}[K" + TerminalColumns.fitted("\(ProgressSummary.shortened(shown)) [\(bar)] \(Int(fraction * 100))% \(state.phase) \(bytes)")
        }
        if let message { printErrorInline("\r\u{1B}[K" + message + "\n") }
        if let text { printErrorInline(text) }
    }
}
