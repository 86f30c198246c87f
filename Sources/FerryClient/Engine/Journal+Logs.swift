import GRDB

/// Each transfer's log in the journal: the agent's ``TransferLogBook`` outlives the agent.
extension Journal {
    /// Appends `logs`' lines, keeping the newest ``TransferLogBook/linesPerTransfer`` of each
    /// transfer. Not synced, as removals are not: a log is worth less than the commit of a
    /// state, and the next synced commit carries it to the disk. Lines of a transfer no longer
    /// in the journal (removed meanwhile) are dropped.
    public func appendLogs(_ logs: [TransferLog]) throws(TransferError) {
        guard logs.contains(where: { !$0.lines.isEmpty }) else { return }
        try access(synced: false) { db in
            for log in logs where !log.lines.isEmpty {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM transfer WHERE id = ?)", arguments: [log.id]) == true else { continue }
                for line in log.lines {
                    try db.execute(sql: "INSERT INTO transferLog (transfer, time, text) VALUES (?, ?, ?)", arguments: [log.id, line.time, line.text])
                }
                try db.execute(sql: """
                    DELETE FROM transferLog WHERE transfer = ? AND line <= (
                        SELECT line FROM transferLog WHERE transfer = ? ORDER BY line DESC LIMIT 1 OFFSET ?)
                    """, arguments: [log.id, log.id, TransferLogBook.linesPerTransfer])
            }
        }
    }

    /// The newest `limit` lines at most, each transfer's oldest first; with `ids`, those
    /// transfers' whole logs.
    public func logs(of ids: [Int64]? = nil, limit: Int = 10_000) throws(TransferError) -> [TransferLog] {
        try read { db in
            let rows = if let ids {
                try Row.fetchAll(db, sql: "SELECT transfer, time, text FROM transferLog WHERE transfer IN (SELECT value FROM json_each(?)) ORDER BY line DESC",
                                 arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"])
            } else {
                try Row.fetchAll(db, sql: "SELECT transfer, time, text FROM transferLog ORDER BY line DESC LIMIT ?", arguments: [limit])
            }
            var lines: [Int64: [TransferLogLine]] = [:]
            for row in rows.reversed() { lines[row["transfer"], default: []].append(TransferLogLine(time: row["time"], text: row["text"])) }
            return lines.keys.sorted().map { TransferLog(id: $0, lines: lines[$0]!) }
        }
    }

    /// The transfers that have a log here, whether or not ``logs(of:limit:)`` gave it.
    public func loggedTransfers() throws(TransferError) -> Set<Int64> {
        try read { db in Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT transfer FROM transferLog")) }
    }
}
