import FerryClient
import FerryCore
import FerryHelperProtocol

/// Shows an upload's progress on a ``ProgressLine``.
struct UploadReporter: Sendable {
    let line: ProgressLine

    init(name: String, style: ProgressLine.Style) {
        line = ProgressLine(name: name, style: style, phase: "keying")
    }

    func handle(_ event: UploadEvent) {
        line.update(json: Self.json(event)) { state in
            state.moving = false
            switch event {
            case .keying(let done, let total):
                (state.phase, state.done, state.total, state.moving) = ("keying", done, total, true)
            case .keyed(let index):
                state.phase = "asking"
                return "storage index \(index.base32)"
            case .answered(let answer):
                switch answer {
                case .receiving(let offset, let size):
                    (state.phase, state.done, state.total, state.moving) = ("sending", offset, size, true)
                    return offset > 0 ? "the helper has \(HumanFormat.bytes(offset)); sending the rest" : nil
                case .busy(let phase, _):
                    state.phase = phase.rawValue
                    return "the helper has every byte; it is \(phase.rawValue)"
                case .done, .inGrid:
                    state.phase = "verifying"
                    return "already in the grid; nothing to send"
                }
            case .hashing(let done, let total):
                (state.phase, state.done, state.total, state.moving) = ("hashing", done, total, true)
            case .sent(let bytes):
                state.phase = "sending"
                state.done += UInt64(bytes)
                state.moving = true
            case .acknowledged(let offset):
                state.done = offset
                state.moving = state.phase == "sending"
            case .pushing(let progress):
                state.phase = progress.phase.rawValue
                let stored = progress.servers.reduce(0) { $0 + $1.sent }, total = progress.servers.reduce(0) { $0 + $1.total }
                (state.done, state.total) = total > 0 ? (stored, total) : (progress.encoded, max(progress.segments, 1))
            case .retrying(let delay, let error):
                state.phase = "retrying"
                return "\(error); retrying in \(HumanFormat.duration(delay))"
            }
            return nil
        }
    }

    func finish() { line.finish() }

    static func json(_ event: UploadEvent) -> [String: Any] {
        switch event {
        case .keying(let done, let total): ["event": "keying", "done": done, "total": total]
        case .keyed(let index): ["event": "keyed", "storage_index": index.base32]
        case .answered(let answer): ["event": "answered", "answer": "\(answer)"]
        case .hashing(let done, let total): ["event": "hashing", "done": done, "total": total]
        case .sent(let bytes): ["event": "sent", "bytes": bytes]
        case .acknowledged(let offset): ["event": "acknowledged", "offset": offset]
        case .pushing(let progress): ["event": "pushing", "state": progress.phase.rawValue, "encoded": progress.encoded, "segments": progress.segments]
        case .retrying(let delay, let error): ["event": "retrying", "after": delay, "code": error.code, "message": error.message]
        }
    }
}
