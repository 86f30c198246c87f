@testable import FerryClient
import FerryCore
import Foundation
import Synchronization
import Testing

/// The part file makes segments durable in batches: by size, by time, and when told.
struct PartFileCommitTests {
    final class Clock: Sendable {
        let now = Mutex(100.0)
        func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
    }

    @Test func segmentsAreRecordedInBatchesBySizeTimeAndWhenTold() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-part-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = Clock()
        let segment = 1 << 20
        let geometry = FileGeometry(fileSize: UInt64(40 * segment), needed: 3, total: 10, segmentSize: segment)
        let destination = directory.path + "/film.mkv"
        let part = try PartFile(destination: destination, geometry: geometry, identity: "si", clock: { clock.now.withLock { $0 } })
        // A batch is synced and recorded in the background: wait for it before looking.
        func recorded() -> String? {
            try? part.waitForSync()
            return try? String(contentsOfFile: part.recordPath, encoding: .utf8)
        }
        let block = [UInt8](repeating: 7, count: segment)
        let batch = PartFile.commitBytes / segment
        for index in 0..<(batch - 1) {
            try block.withUnsafeBytes { try part.write($0, segment: index) }
            try part.commit([index])
        }
        #expect(recorded() == "si\n\(40 * segment)\n\nkeep\n", "not due yet: the record written at the start, no segment in it")
        #expect(part.written == Set(0..<(batch - 1)) && part.done.isEmpty, "written, known, not yet recorded")
        try block.withUnsafeBytes { try part.write($0, segment: batch - 1) }
        try part.commit([batch - 1])
        #expect(recorded() == "si\n\(40 * segment)\n0-\(batch - 1)\nkeep\n", "a batch's worth: recorded")

        try block.withUnsafeBytes { try part.write($0, segment: batch) }
        try part.commit([batch])
        #expect(part.done.count == batch)
        clock.advance(PartFile.commitInterval)
        try part.commit([])
        #expect(recorded() == "si\n\(40 * segment)\n0-\(batch)\nkeep\n", "due by time")

        try block.withUnsafeBytes { try part.write($0, segment: 30) }
        try part.commit([30])
        #expect(!(recorded() ?? "").contains(",30"))
        try part.commit([], force: true)
        #expect(recorded() == "si\n\(40 * segment)\n0-\(batch),30\nkeep\n", "told to: recorded")

        let reopened = try PartFile(destination: destination, geometry: geometry, identity: "si")
        #expect(reopened.done == Set(0...batch).union([30]), "what was recorded is what a new run finds")
    }

    /// Killed between the finished file's rename and the record's removal, then killed again
    /// before the next run's first commit: the record left behind must not vouch for the new,
    /// empty part (every segment would count as in, and the download fail its hash for good).
    @Test func aRecordLeftBehindByAFinishedDownloadIsNotTrusted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-part-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let segment = 1 << 16
        let geometry = FileGeometry(fileSize: UInt64(4 * segment), needed: 3, total: 10, segmentSize: segment)
        let destination = directory.path + "/photo.raw"
        let part = try PartFile(destination: destination, geometry: geometry, identity: "si")
        let block = [UInt8](repeating: 9, count: segment)
        for index in 0..<4 { try block.withUnsafeBytes { try part.write($0, segment: index) } }
        try part.commit(Array(0..<4), force: true)
        let record = try Data(contentsOf: URL(fileURLWithPath: part.recordPath))
        try part.finish()
        try record.write(to: URL(fileURLWithPath: part.recordPath))  // as if the kill came before its removal
        let again = try PartFile(destination: destination, geometry: geometry, identity: "si")
        #expect(again.done.isEmpty, "no part file: nothing is in")
        let fresh = try String(contentsOfFile: again.recordPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(fresh.count == 5 && fresh[2].isEmpty, "the stale record is replaced before the new part is written: \(fresh)")
        let third = try PartFile(destination: destination, geometry: geometry, identity: "si")  // killed before a commit
        #expect(third.done.isEmpty)
    }
}
