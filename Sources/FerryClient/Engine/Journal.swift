import FerryCore
import FerryIO
import Foundation
import GRDB

/// The queue on disk: a SQLite database (WAL) holding every transfer and its last known
/// state, so a crash, `kill -9`, reboot or lost ssh session loses nothing. The schema is
/// versioned (migrations run on open). Calls are synchronous and short; the engine makes
/// them from its actor.
public final class Journal: Sendable {
    private let database: DatabasePool
    public let path: String

    /// Opens (creating it and its directory if needed) the journal at `path`.
    public init(path: String) throws(TransferError) {
        self.path = path
        do {
            try Directory.createPrivate((path as NSString).deletingLastPathComponent)  // it holds read caps
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            database = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets synchronous = NORMAL on the writer once it turns WAL on: a commit
            // survives the process dying, not the machine losing power. A finished upload's
            // cap may live only here, and its standard-input spool is deleted once it is
            // saved: each commit is synced (a few a second at most: states at once, progress
            // once a second). The pool keeps its one writing connection.
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Self.migrator.migrate(database)
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            // Nothing here can mend it, and it holds the only record of the caps: say how to go on without losing it.
            let directory = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
            throw .file(code: "journal.unusable", message: "\(path) is damaged (\(error.message ?? "\(error)")); it holds the queue and the caps "
                        + "of finished uploads. `mkdir \(directory)/broken && mv \(path)* \(directory)/broken/` lets Ferry start a new, "
                        + "empty journal (what is in the grid stays there); `sqlite3 \(directory)/broken/\(name) .recover` may get its rows back")
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    /// Why the journal could not be read or written. A full file system says so, with the
    /// code of any other full disk: SQLite gives SQLITE_FULL, or an I/O error when the WAL or
    /// its shared-memory file could not grow (a user test got `journal.unusable`, code 10).
    static func failure(_ error: Error, path: String) -> TransferError {
        let directory = (path as NSString).deletingLastPathComponent
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_FULL
            || (error.resultCode == .SQLITE_IOERR && (try? Directory.availableBytes(directory)).map { $0 < 1 << 20 } == true) {
            return .file(code: "file.no_space", message: "no room for the journal in \(directory) (SQLite: \(error.message ?? "\(error)")); "
                         + "free some space there and run the command again: the queue is as it was")
        }
        return .file(code: "journal.unusable", message: "\(path): \(error)")
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "transfer") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("kind", .text).notNull()
                table.column("source", .text).notNull()
                table.column("destination", .text)
                table.column("priority", .integer).notNull().defaults(to: 0)
                table.column("state", .text).notNull()
                table.column("retryAt", .double)
                table.column("errorCode", .text)
                table.column("errorMessage", .text)
                table.column("cap", .text)
                table.column("phase", .text).notNull().defaults(to: "")
                table.column("done", .integer).notNull().defaults(to: 0)
                table.column("total", .integer).notNull().defaults(to: 0)
                table.column("rateLimit", .integer).notNull().defaults(to: 0)
                table.column("added", .double).notNull()
            }
        }
        // Each transfer's log (the agent's), so a screen opened after a restart, a crash or a
        // reboot still shows what happened before it; a removed transfer's goes with it.
        migrator.registerMigration("v2 transfer logs") { db in
            try db.create(table: "transferLog") { table in
                table.autoIncrementedPrimaryKey("line")
                table.column("transfer", .integer).notNull().indexed().references("transfer", onDelete: .cascade)
                table.column("time", .double).notNull()
                table.column("text", .text).notNull()
            }
        }
        return migrator
    }

    /// Records a new transfer; returns it with its id.
    /// `total` is the file's size when known before it starts (the first phase replaces it).
    public func add(_ request: TransferRequest, priority: Int = 0, total: UInt64 = 0,
                    added: Double = Date().timeIntervalSince1970) throws(TransferError) -> JournalEntry {
        try access { db in
            if case .download(_, let destination) = request, destination != "-" {
                try Self.refuseSharedFiles(destination, db: db)
            }
            var entry = JournalEntry(id: 0, request: request, priority: priority, cap: Self.cap(of: request), total: total, added: added)
            try db.execute(sql: "INSERT INTO transfer (kind, source, destination, priority, state, cap, total, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [request.kind, Self.source(of: request), Self.destination(of: request), priority, entry.state.name, entry.cap,
                                       Int64(bitPattern: total), added])
            entry.id = db.lastInsertedRowID
            return entry
        }
    }

    /// Refuses a download whose files (the destination, `.part`, `.part.ferry`) would be
    /// another unfinished download's. Two downloads into one path share its part file: each
    /// wrote its own file's segments into the other's (a user test got a 300 MB mix of two
    /// files). One into another's part file (`-o x.part --force` beside a download to `x`)
    /// made the other's finished file the wrong one, said done.
    private static func refuseSharedFiles(_ destination: String, db: Database) throws {
        let sql = "SELECT id, state, destination FROM transfer WHERE kind = 'download' AND state != 'done'"
        // Compared here, not in SQL, as bytes (names are): a long name's part files are shortened.
        let files = { (path: String) in [path, PartFileNames.part(of: path), PartFileNames.record(of: path)].map { Array($0.utf8) } }
        let (ours, me) = (files(destination), Array(destination.utf8))
        guard let row = try Row.fetchAll(db, sql: sql).first(where: { row in
            let theirs: String = row["destination"]
            return ours.contains(Array(theirs.utf8)) || files(theirs).contains(me)
        }) else { return }
        let (other, state, theirs): (Int64, String, String) = (row["id"], row["state"], row["destination"])
        let clash = Array(theirs.utf8) == me ? "\(destination) is where download \(other) writes"
            : files(theirs).contains(me) ? "\(destination) is where download \(other) keeps its part file"
            : "\(destination)'s part file would be \(theirs), where download \(other) writes"
        let then = state == "failed" ? "remove it first (`ferry rm \(other)`), or resume it (`ferry resume \(other)`)"
                                     : "wait for it, or remove it first (`ferry rm \(other)`)"
        throw TransferError.file(code: "file.in_use", message: "\(clash); \(then)")
    }

    /// Saves everything about `entry` but its request.
    public func save(_ entry: JournalEntry) throws(TransferError) {
        try save([entry])
    }

    /// Saves `entries` in one commit: one sync for all (`ferry pause --all` on 199 transfers
    /// took 5 s at a synced commit each).
    public func save(_ entries: [JournalEntry]) throws(TransferError) {
        try access { db in
            for entry in entries {
                var retryAt: Double?, code: String?, message: String?
                switch entry.state {
                case .retrying(let at, let c, let m): (retryAt, code, message) = (at, c, m)
                case .failed(let c, let m): (code, message) = (c, m)
                default: break
                }
                try db.execute(sql: """
                    UPDATE transfer SET priority = ?, state = ?, retryAt = ?, errorCode = ?, errorMessage = ?, cap = ?, phase = ?,
                    done = ?, total = ?, rateLimit = ? WHERE id = ?
                    """, arguments: [entry.priority, entry.state.name, retryAt, code, message, entry.cap, entry.phase,
                                     Int64(bitPattern: entry.done), Int64(bitPattern: entry.total), Int64(bitPattern: entry.rateLimit), entry.id])
            }
        }
    }

    /// Saves everything but the state (never overwrites a state another process set, such
    /// as a `ferry pause` from another shell).
    public func saveDetails(_ entry: JournalEntry) throws(TransferError) {
        try access { db in
            try db.execute(sql: "UPDATE transfer SET priority = ?, cap = ?, phase = ?, done = ?, total = ?, rateLimit = ? WHERE id = ?",
                           arguments: [entry.priority, entry.cap, entry.phase, Int64(bitPattern: entry.done), Int64(bitPattern: entry.total),
                                       Int64(bitPattern: entry.rateLimit), entry.id])
        }
    }

    /// Marks `id` paused, as `ferry pause` does, for the process running it to follow; one
    /// finished or gone is left as it is.
    public func markPaused(_ id: Int64) throws(TransferError) {
        try access { db in
            try db.execute(sql: "UPDATE transfer SET state = 'paused', retryAt = NULL, errorCode = NULL, errorMessage = NULL "
                           + "WHERE id = ? AND state NOT IN ('done', 'failed')", arguments: [id])
        }
    }

    /// The state name recorded for `id` (nil when it is gone).
    public func stateName(_ id: Int64) throws(TransferError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT state FROM transfer WHERE id = ?", arguments: [id]) }
    }

    public func remove(_ id: Int64) throws(TransferError) {
        try remove([id])
    }

    /// Removes `ids` in one commit, not synced: a removal lost to a power cut only brings a
    /// row back (removed again with `ferry rm`), and the next synced commit carries it to the
    /// disk. Synced, `ferry rm --finished` took 15 ms a transfer (5 s for 720).
    public func remove(_ ids: [Int64]) throws(TransferError) {
        try access(synced: false) { db in
            for id in ids { try db.execute(sql: "DELETE FROM transfer WHERE id = ?", arguments: [id]) }
        }
    }

    /// The latest transfer of exactly `request` not done (the same command run again after
    /// an interruption or a failure goes on with it rather than adding another: a failed
    /// download's part file is kept for it, and two transfers must not write one path).
    public func unfinished(_ request: TransferRequest) throws(TransferError) -> JournalEntry? {
        try all().last { $0.request == request && $0.state != .done }
    }

    /// Every transfer, in the order added.
    public func all() throws(TransferError) -> [JournalEntry] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM transfer ORDER BY id").compactMap(Self.entry) }
    }

    static func entry(_ row: Row) -> JournalEntry? {
        let kind: String = row["kind"], source: String = row["source"]
        let request: TransferRequest
        switch kind {
        case "upload": request = .upload(path: source)
        case "download": request = .download(cap: source, destination: row["destination"] ?? "")
        default: return nil  // written by a newer Ferry: left alone
        }
        let code: String = row["errorCode"] ?? "", message: String = row["errorMessage"] ?? ""
        let state: TransferState = switch row["state"] as String {
        case "queued": .queued
        case "active": .active
        case "retrying": .retrying(at: row["retryAt"] ?? 0, code: code, message: message)
        case "paused": .paused
        case "failed": .failed(code: code, message: message)
        case "done": .done
        default: .queued
        }
        return JournalEntry(id: row["id"], request: request, priority: row["priority"], state: state, cap: row["cap"], phase: row["phase"],
                            done: UInt64(bitPattern: row["done"]), total: UInt64(bitPattern: row["total"]),
                            rateLimit: UInt64(bitPattern: row["rateLimit"]), added: row["added"])
    }

    static func source(of request: TransferRequest) -> String {
        switch request {
        case .upload(let path): path
        case .download(let cap, _): cap
        }
    }

    static func destination(of request: TransferRequest) -> String? {
        if case .download(_, let destination) = request { return destination }
        return nil
    }

    static func cap(of request: TransferRequest) -> String? {
        if case .download(let cap, _) = request { return cap }
        return nil
    }

    /// SQLite's `synchronous` setting on the writing connection (2: FULL), for tests.
    func synchronousMode() throws(TransferError) -> Int? {
        try access { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
    }

    /// Runs `body` in one write transaction. `synced` false: its commit is not synced (the
    /// connection's FULL is set back after it), and the next synced commit carries it to disk.
    func access<T>(synced: Bool = true, _ body: (Database) throws -> T) throws(TransferError) -> T {
        do {
            guard !synced else { return try database.write(body) }
            return try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as TransferError { throw error } catch {
            throw Self.failure(error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(TransferError) -> T {
        do { return try database.read(body) } catch { throw Self.failure(error, path: path) }
    }
}
