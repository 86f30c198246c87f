import FerryIO
import FerryTestSupport
import Foundation
import Glibc
import Synchronization
import Testing

/// Writes behind the caller: the file ends up with every byte written, in any order; a job
/// handed over after some writes sees them in the file; a failed write reaches the caller
/// once and the next job always.
struct WriteBehindTests {
    let scratch = TemporaryDirectory("ferry-behind-")

    @Test func segmentsWrittenInWindowsOutOfOrderAllLandAndJobsRunAfterThem() throws {
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let file = try PosixFile.create(scratch.path + "/film.part")
        let reader = try PosixFile.openForReading(file.path)
        let behind = WriteBehind(file, label: "test.write-behind", bufferBytes: 256 << 10)
        let segment = 131_073, count = 40
        let source = PatternBytes.random(segment * count - 5_000, seed: 44)  // a short last segment
        let order = Array(20..<30) + Array(0..<10) + [39] + Array(10..<20) + Array(30..<39)
        let seen = Mutex<[Bool]>([])
        for (position, index) in order.enumerated() {
            let range = index * segment..<min(source.count, (index + 1) * segment)
            try source[range].withUnsafeBytes { try behind.write($0, at: UInt64(range.lowerBound)) }
            if position % 7 == 6 {  // a job sees every segment written before it
                let written = order[...position].map { $0 * segment..<min(source.count, ($0 + 1) * segment) }
                let (handed, expected) = (HandedOver(reader), HandedOver(source))
                behind.flush { failure in
                    let ok = failure == nil && written.allSatisfy { range in
                        (try? handed.value.read(count: range.count, at: UInt64(range.lowerBound)))
                            .map { $0[...] == expected.value[range] } ?? false
                    }
                    seen.withLock { $0.append(ok) }
                }
            }
        }
        try behind.wait()
        #expect(seen.withLock { $0 } == [Bool](repeating: true, count: order.count / 7))
        #expect(try reader.read(count: source.count + 1, at: 0) == source)
    }

    @Test func aFailedWriteIsThrownOnceAndFailsTheNextJob() throws {
        let behind = WriteBehind(try PosixFile.openForUpdate("/dev/full"), label: "test.write-behind-full")
        let bytes = PatternBytes.random(300_000, seed: 3)
        try bytes.withUnsafeBytes { try behind.write($0, at: 0) }  // copied: not written yet
        let failures = Mutex<[Int32?]>([])
        behind.flush { failure in failures.withLock { $0.append(failure?.errno) } }
        behind.flush { failure in failures.withLock { $0.append(failure?.errno) } }
        #expect(throws: FileError.self) { try behind.wait() }
        try behind.wait()  // seen once
        #expect(failures.withLock { $0 } == [ENOSPC, nil], "the job after the failed write, not the one after that")
    }

    @Test func aWriterDroppedWithABufferHalfFilledGoesQuietly() throws {
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        // A download cancelled between two segments drops its part file like this (libdispatch
        // traps on a semaphore released below its starting count).
        var behind: WriteBehind? = WriteBehind(try PosixFile.create(scratch.path + "/cancelled.part"), label: "test.write-behind-dropped")
        try PatternBytes.random(10_000, seed: 9).withUnsafeBytes { try behind?.write($0, at: 0) }
        behind = nil
        #expect(behind == nil)
    }
}
