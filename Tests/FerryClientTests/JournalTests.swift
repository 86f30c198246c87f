@testable import FerryClient
import Foundation
import GRDB
import Testing

/// The journal's own rules, on a real SQLite file.
struct JournalTests {
    static func journal() throws -> (Journal, String) {
        let directory = NSTemporaryDirectory() + "ferry-journal-" + UUID().uuidString
        return (try Journal(path: directory + "/journal.sqlite"), directory)
    }

    /// Every commit is synced (FULL): GRDB's WAL default (NORMAL) can lose the last commits
    /// to a power cut, and a finished upload's cap may be recorded nowhere else.
    @Test func everyCommitIsSynced() throws {
        let (journal, directory) = try Self.journal()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try journal.synchronousMode() == 2)
    }

    /// Two downloads must not write one path (they would share its part file); the same
    /// request again finds the one not done, failed included, so its part file goes on.
    @Test func oneDownloadWritesAPathAtATime() throws {
        let (journal, directory) = try Self.journal()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try journal.add(.download(cap: "URI:CHK:a", destination: "/data/disk.img"))
        #expect(throws: TransferError.self) { try journal.add(.download(cap: "URI:CHK:b", destination: "/data/disk.img")) }
        do {
            _ = try journal.add(.download(cap: "URI:CHK:b", destination: "/data/disk.img"))
        } catch {
            #expect(error.code == "file.in_use" && error.message.contains("download \(first.id)"), "\(error.message)")
        }
        _ = try journal.add(.download(cap: "URI:CHK:b", destination: "/data/other.img"))
        // Nor another's part file, either way round (`-o disk.img.part --force` replaced the
        // first download's part file, and its finished file was the wrong one).
        for (path, said) in [("/data/disk.img.part", "keeps its part file"), ("/data/disk.img.part.ferry", "keeps its part file")] {
            #expect { try journal.add(.download(cap: "URI:CHK:c", destination: path)) } throws: { error in
                (error as? TransferError)?.code == "file.in_use" && "\(error)".contains(said)
            }
        }
        let part = try journal.add(.download(cap: "URI:CHK:d", destination: "/data/x.img.part"))
        #expect { try journal.add(.download(cap: "URI:CHK:c", destination: "/data/x.img")) } throws: { error in
            (error as? TransferError)?.code == "file.in_use" && "\(error)".contains("part file would be /data/x.img.part, where download \(part.id) writes")
        }
        _ = try journal.add(.download(cap: "URI:CHK:a", destination: "-"))
        _ = try journal.add(.download(cap: "URI:CHK:b", destination: "-"))  // streams write no part file
        var failed = first
        failed.state = .failed(code: "transfer.not_found", message: "no server holds it")
        try journal.save(failed)
        #expect(try journal.unfinished(.download(cap: "URI:CHK:a", destination: "/data/disk.img"))?.id == first.id, "a failed one is gone on with")
        #expect(throws: TransferError.self) { try journal.add(.download(cap: "URI:CHK:b", destination: "/data/disk.img")) }
        var done = failed
        done.state = .done
        try journal.save(done)
        #expect(try journal.unfinished(.download(cap: "URI:CHK:a", destination: "/data/disk.img")) == nil)
        let next = try journal.add(.download(cap: "URI:CHK:b", destination: "/data/disk.img"))
        #expect(next.id > first.id, "once the first is done, the path is free")
    }

    /// A full file system is said as one (`file.no_space`, what a full destination says too),
    /// not as a journal gone bad: SQLite's "disk is full", or an I/O error where no room is
    /// left (a user test's full state directory gave `journal.unusable`, SQLite code 10).
    @Test func aFullDiskIsSaidAsOne() throws {
        let directory = NSTemporaryDirectory() + "ferry-journal-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let full = Journal.failure(DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full"), path: directory + "/journal.sqlite")
        #expect(full.code == "file.no_space" && full.message.contains("no room for the journal in \(directory)"), "\(full.message)")
        // An I/O error with room to spare is the journal's own trouble.
        let io = Journal.failure(DatabaseError(resultCode: .SQLITE_IOERR, message: "disk I/O error"), path: directory + "/journal.sqlite")
        #expect(io.code == "journal.unusable")
    }
}

extension JournalTests {
    /// Transfers' logs outlive the agent: kept per transfer up to the book's bound, newest
    /// kept, read back oldest first; a removed transfer's go with it, and lines heard for one
    /// removed meanwhile are not written.
    @Test func logsAreKeptBoundedAndGoWithTheirTransfer() throws {
        let (journal, directory) = try Self.journal()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try journal.add(.upload(path: "/data/a.iso")).id
        let second = try journal.add(.upload(path: "/data/b.iso")).id
        let many = (0..<70).map { TransferLogLine(time: Double($0), text: "line \($0)") }
        try journal.appendLogs([TransferLog(id: first, lines: Array(many.prefix(30)))])
        try journal.appendLogs([TransferLog(id: first, lines: Array(many.dropFirst(30))),
                                TransferLog(id: second, lines: [TransferLogLine(time: 5, text: "added (queued)")]),
                                TransferLog(id: 999, lines: [TransferLogLine(time: 6, text: "not in the journal")])])
        var logs = try journal.logs()
        #expect(logs.map(\.id) == [first, second])
        #expect(logs[0].lines == Array(many.suffix(TransferLogBook.linesPerTransfer)), "the newest 50, oldest first")
        #expect(logs[1].lines.map(\.text) == ["added (queued)"])
        #expect(try journal.logs(limit: 3).flatMap(\.lines).map(\.text) == ["line 68", "line 69", "added (queued)"], "the newest lines")
        #expect(try journal.logs(of: [first]).map(\.id) == [first] && journal.logs(of: [first])[0].lines.count == 50, "one transfer's whole log")
        #expect(try journal.loggedTransfers() == [first, second])
        try journal.remove(first)
        logs = try journal.logs()
        #expect(logs.map(\.id) == [second], "a removed transfer's log goes with it")
        // Read again from the file by another connection: the lines were committed.
        #expect(try Journal(path: journal.path).logs().map(\.id) == [second])
    }
}
