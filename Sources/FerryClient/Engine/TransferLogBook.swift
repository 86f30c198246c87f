import FerryCore

/// Each transfer's log: a line when it is first seen, and one for every change of state or
/// phase and every note, from successive snapshots. Pure; the agent keeps one, and writes its
/// lines to the journal, so a screen attached later (a new ssh session, or after the agent
/// was restarted) shows what happened before it (each screen kept its own, from when it
/// attached), and the screen folds its events with the same rules.
public struct TransferLogBook: Sendable {
    /// What the last snapshot of a transfer said, as far as the log cares.
    private struct Seen: Sendable {
        var state: TransferState
        var phase: String
        var note: String?
    }

    /// Seconds between a transfer's adding and its first sighting within which the sighting
    /// is its adding.
    static let freshlyAdded: Double = 5

    /// Lines kept per transfer (the oldest go first).
    public static let linesPerTransfer = 50
    /// Transfers with a log: past this many, the one changed least recently loses its log.
    public let maximumTransfers: Int
    private var seen: [Int64: Seen] = [:]
    /// When each transfer was last heard of (its log's age, for the bound on their number).
    private var heard: [Int64: Double] = [:]
    public private(set) var logs: [Int64: [TransferLogLine]] = [:]

    public init(maximumTransfers: Int = 2_000) { self.maximumTransfers = maximumTransfers }

    /// Transfers with a log an earlier agent left in the journal, read in here or not (a big
    /// journal's oldest are left there): their first sighting goes on from it rather than
    /// starting a new one. Else each start added "added" and "done in the journal when the
    /// agent started" to every finished transfer past the lines read, and more each time.
    private var journaled: Set<Int64> = []

    /// Takes the logs an earlier agent left in the journal, each transfer's before anything
    /// heard now; `logged` names every transfer that has one there, `kept` among them or not.
    public mutating func restore(_ kept: [TransferLog], logged: Set<Int64> = []) {
        journaled = logged.union(kept.map(\.id))
        for log in kept where !log.lines.isEmpty && logs[log.id] == nil {
            logs[log.id] = Array(log.lines.suffix(Self.linesPerTransfer))
            heard[log.id] = log.lines.last!.time
        }
    }

    /// Folds in a snapshot taken at `now` (Unix seconds); the lines it added.
    @discardableResult
    public mutating func record(_ transfer: TransferSnapshot, at now: Double) -> [TransferLogLine] {
        let old = seen[transfer.id]
        seen[transfer.id] = Seen(state: transfer.entry.state, phase: transfer.entry.phase, note: transfer.note)
        heard[transfer.id] = now
        var added: [TransferLogLine] = []
        if old == nil, logs[transfer.id] != nil || journaled.contains(transfer.id) {
            // A log an earlier agent kept: this one goes on from the state the journal had (a
            // finished one's last line says it already, at every start).
            if !transfer.entry.state.isFinished {
                added.append(TransferLogLine(time: now, text: "\(transfer.entry.state.name) in the journal when the agent started"))
            }
        } else if old == nil {
            // Said at the time it was added, not the time it was first seen here. One added
            // long before (restored from the journal when the agent started: its log went
            // with the agent before) is not said to have been added in the state it has now.
            let when = min(now, transfer.entry.added)
            if now - when <= Self.freshlyAdded {
                added.append(TransferLogLine(time: when, text: Self.added(transfer)))
            } else {
                added.append(TransferLogLine(time: when, text: "added"))
                added.append(TransferLogLine(time: now, text: "\(transfer.entry.state.name) in the journal when the agent started"))
            }
        }
        if let old {
            added += Self.changes(from: (old.state, old.phase, old.note), to: transfer).map { TransferLogLine(time: now, text: $0) }
        }
        for line in added { append(line, to: transfer.id) }
        return added
    }

    /// Forgets a removed transfer.
    public mutating func remove(_ id: Int64) {
        journaled.remove(id)
        seen[id] = nil
        heard[id] = nil
        logs[id] = nil
    }

    /// The logs, the most recent `limit` lines of them at most (a watch's reply stays small
    /// whatever the queue).
    public func recent(limit: Int = 10_000) -> [TransferLog] {
        var lines = logs.flatMap { id, lines in lines.map { (id, $0) } }
        if lines.count > limit {
            lines.sort { $0.1.time > $1.1.time }
            lines.removeLast(lines.count - limit)
        }
        var kept: [Int64: [TransferLogLine]] = [:]
        for (id, line) in lines { kept[id, default: []].append(line) }
        return kept.keys.sorted().map { id in TransferLog(id: id, lines: kept[id]!.sorted { $0.time < $1.time }) }
    }

    private mutating func append(_ line: TransferLogLine, to id: Int64) {
        var lines = logs[id] ?? []
        lines.append(line)
        if lines.count > Self.linesPerTransfer { lines.removeFirst(lines.count - Self.linesPerTransfer) }
        logs[id] = lines
        if logs.count > maximumTransfers, let stalest = logs.keys.min(by: { heard[$0] ?? 0 < heard[$1] ?? 0 }) {
            logs[stalest] = nil
        }
    }

    /// The first line of a transfer's log.
    public static func added(_ transfer: TransferSnapshot) -> String { "added (\(transfer.entry.state.name))" }

    /// What is worth a log line between the last state, phase and note of a transfer and a
    /// new snapshot of it.
    public static func changes(from old: (state: TransferState, phase: String, note: String?), to new: TransferSnapshot) -> [String] {
        var lines: [String] = []
        if old.state != new.entry.state {
            switch new.entry.state {
            case .queued: lines.append("queued")
            case .active: lines.append("running")
            case .retrying(_, let code, let message): lines.append("\(message) (\(code)); trying again")
            case .paused: lines.append("paused")
            case .failed(let code, let message): lines.append("failed: \(message) (\(code))")
            case .done: lines.append(new.entry.cap.map { "done: \($0)" } ?? "done")
            }
        }
        if old.phase != new.entry.phase, new.entry.state == .active, !["", "done"].contains(new.entry.phase) {
            lines.append(phaseWord(new.entry.phase, upload: new.isUpload))
        }
        if let note = new.note, note != old.note { lines.append(note) }
        return lines
    }

    /// A phase as the screen and the logs say it.
    public static func phaseWord(_ phase: String, upload: Bool) -> String {
        switch phase {
        case "", "starting": upload ? "starting" : "locating"
        case "keying", "hashing": "hashing"
        case "asking": "asking"
        case "sending", "receiving": upload ? "sending" : "receiving"
        case "encoding": "encoding"
        case "pushing": "pushing"
        case "fetching": "receiving"
        case "verifying": "verifying"
        default: phase
        }
    }
}
