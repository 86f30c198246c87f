@testable import FerryClient
import FerryCore
import FerryIO
import Foundation
import Testing

/// What a download's part file keeps of what else is there: a file that appeared at the
/// destination meanwhile, someone's own `DEST.part`, and a part file cut short (user tests).
struct PartFileKeepTests {
    let directory: URL
    let segment = 1 << 16
    var geometry: FileGeometry { FileGeometry(fileSize: UInt64(4 * segment), needed: 3, total: 10, segmentSize: segment) }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-keep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A part file with every segment written and recorded.
    func whole(_ destination: String) throws -> PartFile {
        let part = try PartFile(destination: destination, geometry: geometry, identity: "si")
        let block = [UInt8](repeating: 5, count: segment)
        for index in 0..<4 { try block.withUnsafeBytes { try part.write($0, segment: index) } }
        try part.commit(Array(0..<4), force: true)
        return part
    }

    /// A file put at the destination after the download began is kept: the finish fails
    /// (EEXIST), the part stays whole, and once the other file is moved away a new run
    /// renames it into place. (The rename replaced it, `resume` too, without `--force`.)
    @Test func aFileThatAppearedMeanwhileIsKept() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.path + "/report.pdf"
        let part = try whole(destination)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: destination))
        #expect(throws: FileError.self) { try part.finish() }
        #expect(FileManager.default.contents(atPath: destination) == Data("precious".utf8))
        try FileManager.default.removeItem(atPath: destination)
        let again = try PartFile(destination: destination, geometry: geometry, identity: "si")
        #expect(again.done == Set(0..<4), "the part is still whole")
        try again.finish()
        #expect(FileManager.default.contents(atPath: destination)?.count == 4 * segment)
        #expect(!FileManager.default.fileExists(atPath: again.partPath) && !FileManager.default.fileExists(atPath: again.recordPath))
    }

    /// A file there when the download began was there by `get --force`: replaced.
    @Test func aFileThereFromTheStartIsReplaced() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.path + "/report.pdf"
        try Data("old".utf8).write(to: URL(fileURLWithPath: destination))
        try whole(destination).finish()
        #expect(FileManager.default.contents(atPath: destination)?.count == 4 * segment)
    }

    /// Segments a record lists past the part file's end are fetched again (a part cut short
    /// was said to hold 146 MiB, and its download failed its check at the end).
    @Test func segmentsPastThePartsEndAreMissing() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.path + "/disk.img"
        _ = try whole(destination)
        #expect(truncate(destination + ".part", off_t(2 * segment + 10)) == 0)
        let again = try PartFile(destination: destination, geometry: geometry, identity: "si")
        #expect(again.done == [0, 1])
    }

    /// Someone's own `DEST.part` (no record beside it) is refused, not truncated.
    @Test func aPartFileThatIsNotFerrysIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.path + "/notes"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: destination + ".part"))
        var refusal: TransferError?
        do { _ = try DownloadSink.open(.file(destination), geometry: geometry, identity: "si") { _ in } } catch { refusal = error }
        #expect(refusal?.code == "file.exists", "\(String(describing: refusal))")
        #expect(FileManager.default.contents(atPath: destination + ".part") == Data("mine".utf8))
    }
}
