@testable import FerryClient
import FerryCore
import Foundation
import Testing

/// Part files of destinations whose names leave no room for `.part.ferry` (a user test:
/// names of 251-255 bytes failed to download, ENAMETOOLONG on the record).
struct PartFileNamesTests {
    /// A name of `count` bytes: `stem` repeated, then ASCII to make up the rest.
    static func name(_ stem: String, bytes count: Int) -> String {
        var name = ""
        while name.utf8.count + stem.utf8.count <= count { name += stem }
        return name + String(repeating: "x", count: count - name.utf8.count)
    }

    @Test func shortNamesKeepTheirSuffixes() {
        #expect(PartFileNames.part(of: "/data/disk.img") == "/data/disk.img.part")
        #expect(PartFileNames.record(of: "disk.img") == "disk.img.part.ferry")
        let longest = Self.name("a", bytes: 240)  // + ".part.ferry.tmp" is 255
        #expect(PartFileNames.record(of: "/d/" + longest) == "/d/" + longest + ".part.ferry")
    }

    /// Too long: cut between characters, a hash of the whole name, the same every time, and
    /// every name Ferry makes from it within 255 bytes.
    @Test func longNamesAreShortenedStably() {
        for stem in ["a", "é", "日本", "🙂"] {
            for bytes in [241, 250, 255] {
                let name = Self.name(stem, bytes: bytes), other = Self.name(stem, bytes: bytes - 1) + "y"
                let part = PartFileNames.part(of: "/srv/" + name), record = PartFileNames.record(of: "/srv/" + name)
                #expect(part.hasPrefix("/srv/") && part.hasSuffix(".part"))
                #expect(record == String(part.dropLast(5)) + ".part.ferry")
                let partName = String(part.dropFirst(5))
                #expect(partName.utf8.count + ".ferry.tmp".utf8.count <= 255, "\(partName.utf8.count)")
                #expect(partName.hasPrefix(String(name.prefix(10))), "the name's start stays readable")
                #expect(part == PartFileNames.part(of: "/srv/" + name))
                #expect(part != PartFileNames.part(of: "/srv/" + other), "names that share their start keep apart")
                #expect(String(partName.unicodeScalars.filter { $0.value > 0x7f }.map(Character.init)).allSatisfy { stem.contains($0) })
            }
        }
    }

    /// A download to a 255-byte name keeps its part file, resumes from it and lands under
    /// its whole name; the journal sees the shortened part file as the download's own.
    @Test func aDownloadToTheLongestNameResumesAndFinishes() throws {
        let directory = NSTemporaryDirectory() + "ferry-long-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let destination = directory + "/" + Self.name("é", bytes: 255)
        let segment = 1 << 16, geometry = FileGeometry(fileSize: UInt64(3 << 16), needed: 3, total: 10, segmentSize: 1 << 16)
        let block = [UInt8](repeating: 7, count: segment)
        let first = try PartFile(destination: destination, geometry: geometry, identity: "si")
        try block.withUnsafeBytes { try first.write($0, segment: 0) }
        try first.commit([0], force: true)
        #expect(FileManager.default.fileExists(atPath: PartFileNames.record(of: destination)))
        let again = try PartFile(destination: destination, geometry: geometry, identity: "si")
        #expect(again.done == [0])
        for index in 1..<3 { try block.withUnsafeBytes { try again.write($0, segment: index) } }
        try again.commit([1, 2], force: true)
        try again.finish()
        #expect(FileManager.default.contents(atPath: destination)?.count == 3 * segment)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)

        let (journal, journalDirectory) = try JournalTests.journal()
        defer { try? FileManager.default.removeItem(atPath: journalDirectory) }
        let download = try journal.add(.download(cap: "URI:CHK:a", destination: destination))
        #expect { try journal.add(.download(cap: "URI:CHK:b", destination: PartFileNames.part(of: destination))) } throws: { error in
            (error as? TransferError)?.code == "file.in_use" && "\(error)".contains("download \(download.id) keeps its part file")
        }
        _ = try journal.add(.download(cap: "URI:CHK:c", destination: directory + "/" + Self.name("é", bytes: 254) + "z"))
    }
}
