import FerryIO
@testable import FerryStorage
import Foundation
import Testing

/// What an operator and a client see of a storage server's own trouble (operator test).
struct NodeFaultTests {
    /// A disk that fills while a share is written is a lack of room (507, which the helper
    /// takes elsewhere), not a 500 carrying the server's own path; the node's log has the path.
    @Test func aFullDiskIsInsufficientStorageWithoutThePath() throws {
        do {
            let _: Int = try io { () throws(FileError) in throw FileError("write", path: "/srv/grid/storage/shares/incoming/ab/0", errno: ENOSPC) }
            Issue.record("no error")
        } catch {
            #expect(error.httpStatus == 507 && error.code == "storage.insufficient_storage" && !error.message.contains("/srv"), "\(error)")
        }
        do {
            let _: Int = try io { () throws(FileError) in throw FileError("open", path: "/srv/x", errno: EIO) }
        } catch {
            #expect(error.code == "storage.io", "any other fault stays one: \(error)")
        }
    }

    /// A Ferry server's error message is not prefixed twice by the client ("insufficient
    /// storage: insufficient storage: …", "too large: too large: …").
    @Test func aServersMessageIsSaidOnce() {
        for error in [StorageError.insufficientStorage("2 shares of 10 bytes do not fit in 5 bytes"), .tooLarge("share size 9 over 8"), .notFound("share 3")] {
            let body = CBORWire.encode(Messages.error(error))
            let read = StorageClient.failure(error.httpStatus, body)
            #expect(read == error, "\(read.message)")
        }
    }

    /// A 404 with an empty body (a helper asked for a share: its NURL among the storage
    /// servers) says what it may mean; it said "not found: ".
    @Test func anEmptyNotFoundSaysWhatItMayMean() {
        #expect(StorageClient.failure(404, []).message.contains("not a storage server: a helper's NURL?"))
    }

    /// Node log lines carry the time, in UTC.
    @Test func logLinesAreStamped() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-log-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = open(path, O_WRONLY)
        defer { close(file) }
        NodeLog.write("helper: push of x: storage server h:1 failed", seconds: 1_796_087_702, descriptor: file)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "2026-12-01T01:15:02Z helper: push of x: storage server h:1 failed\n")
    }
}
