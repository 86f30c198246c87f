import FerryClient
import FerryCore
import FerryHelperProtocol
import Foundation
import Synchronization

/// Shows an upload's progress: on a terminal, one line on standard error redrawn at most
/// ten times a second; when piped, a log line per step; with `--json`, one JSON object per
/// event on standard output. Events arrive from several tasks, hence the lock.
final class UploadReporter: Sendable {
    enum Style: Sendable { case terminal, plain, json }

    private struct State {
        var phase = "keying"
        var done: UInt64 = 0
        var total: UInt64 = 0
        var speed = 0.0
        var lastSample: (time: Double, bytes: UInt64)?
        var lastDraw = 0.0
    }

    let name: String
    let style: Style
    private let state = Mutex(State())
    private let started = ContinuousClock.now

    init(name: String, style: Style) {
        self.name = name
        self.style = style
    }

    private var now: Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func handle(_ event: UploadEvent) {
        let line: String? = state.withLock { state in
            switch event {
            case .keying(let done, let total):
                (state.phase, state.done, state.total) = ("keying", done, total)
            case .keyed(let index):
                state.phase = "asking"
                return "\(name): storage index \(index.base32)"
            case .answered(let answer):
                switch answer {
                case .receiving(let offset, let size):
                    (state.phase, state.done, state.total) = ("sending", offset, size)
                    return offset > 0 ? "\(name): the helper has \(HumanFormat.bytes(offset)); sending the rest" : nil
                case .busy(let phase, _):
                    state.phase = phase.rawValue
                    return "\(name): the helper has every byte; it is \(phase.rawValue)"
                case .done, .inGrid:
                    state.phase = "verifying"
                    return "\(name): already in the grid; nothing to send"
                }
            case .hashing(let done, let total):
                (state.phase, state.done, state.total) = ("hashing", done, total)
            case .sent(let bytes):
                state.phase = "sending"
                state.done += UInt64(bytes)
            case .acknowledged(let offset):
                state.done = offset
            case .pushing(let progress):
                state.phase = progress.phase.rawValue
                let stored = progress.servers.reduce(0) { $0 + $1.sent }, total = progress.servers.reduce(0) { $0 + $1.total }
                (state.done, state.total) = total > 0 ? (stored, total) : (progress.encoded, max(progress.segments, 1))
            case .retrying(let delay, let error):
                state.phase = "retrying"
                return "\(name): \(error); retrying in \(HumanFormat.duration(delay))"
            }
            return nil
        }
        switch style {
        case .json: emitJSON(event)
        case .plain: if let line { printError(line) }
        case .terminal:
            if let line { redraw(message: line) } else { redraw(message: nil) }
        }
    }

    /// Ends the progress line (terminal) before the result is printed.
    func finish() {
        if style == .terminal { printErrorInline("\r\u{1B}[K") }
    }

    private func redraw(message: String?) {
        let text: String? = state.withLock { state in
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
            let bar = String(repeating: "#", count: Int(fraction * 20)) + String(repeating: ".", count: 20 - Int(fraction * 20))
            let figures = state.phase == "sending" || state.phase == "keying" || state.phase == "hashing"
                ? "\(HumanFormat.bytes(state.done))/\(HumanFormat.bytes(state.total))  \(HumanFormat.rate(state.speed))" : ""
            return "\r\u{1B}[K\(name) [\(bar)] \(Int(fraction * 100))% \(state.phase) \(figures)"
        }
        if let message { printErrorInline("\r\u{1B}[K" + message + "\n") }
        if let text { printErrorInline(text) }
    }

    private func emitJSON(_ event: UploadEvent) {
        var object: [String: Any] = ["file": name]
        switch event {
        case .keying(let done, let total): object.merge(["event": "keying", "done": done, "total": total]) { $1 }
        case .keyed(let index): object.merge(["event": "keyed", "storage_index": index.base32]) { $1 }
        case .answered(let answer): object.merge(["event": "answered", "answer": "\(answer)"]) { $1 }
        case .hashing(let done, let total): object.merge(["event": "hashing", "done": done, "total": total]) { $1 }
        case .sent(let bytes): object.merge(["event": "sent", "bytes": bytes]) { $1 }
        case .acknowledged(let offset): object.merge(["event": "acknowledged", "offset": offset]) { $1 }
        case .pushing(let progress): object.merge(["event": "pushing", "state": progress.phase.rawValue, "encoded": progress.encoded,
                                                   "segments": progress.segments]) { $1 }
        case .retrying(let delay, let error): object.merge(["event": "retrying", "after": delay, "code": error.code, "message": error.message]) { $1 }
        }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            printNow(String(decoding: data, as: UTF8.self))
        }
    }
}
