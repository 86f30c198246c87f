import FerryClient
import Foundation
import Testing

/// A damaged journal is refused with a stable code and a message that says how to go on
/// without losing it; doing what it says works.
@Suite struct JournalDamageTests {
    @Test func aDamagedJournalSaysHowToGoOnAndItWorks() throws {
        let scratch = try Scratch()
        let path = scratch.path("state/journal.sqlite")
        do {
            let journal = try Journal(path: path)
            _ = try journal.add(.upload(path: "/srv/a.iso"))
        }
        let file = try #require(FileHandle(forWritingAtPath: path))
        try file.write(contentsOf: Data(repeating: 0x47, count: 4096))  // the header and first page
        try file.close()
        var refusal: TransferError?
        do { _ = try Journal(path: path) } catch { refusal = error }
        let error = try #require(refusal)
        let directory = scratch.path("state")
        #expect(error.code == "journal.unusable" && error.message.contains("is damaged")
                && error.message.contains("`mkdir \(directory)/broken && mv \(path)* \(directory)/broken/`"), "\(error.message)")
        // As the message says: moved aside with its -wal and -shm files, a new journal starts empty.
        try FileManager.default.createDirectory(atPath: directory + "/broken", withIntermediateDirectories: false)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasPrefix("journal.sqlite") {
            try FileManager.default.moveItem(atPath: directory + "/" + name, toPath: directory + "/broken/" + name)
        }
        #expect(try Journal(path: path).all().isEmpty)
        #expect(FileManager.default.fileExists(atPath: directory + "/broken/journal.sqlite"), "the damaged one is kept")
    }
}
