@testable import FerryStorage
import FerryIO
import FerryTestSupport
import Foundation
import Testing

/// Share reads around the page cache: any range, aligned or not, up to and past the end,
/// comes back exactly, and the file's pages are not left in the page cache.
struct ShareReadsTests {
    let scratch = TemporaryDirectory("ferry-reads-")

    @Test func rangesOfAnyAlignmentComeBackExactlyWithoutFillingThePageCache() throws {
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let bytes = PatternBytes.random(3 << 20 + 777, seed: 8)
        let writer = try PosixFile.create(scratch.path + "/share")
        try DirectWrites(writer).write(bytes, at: 0)  // whole blocks around the cache: none of it is cached
        try writer.sync()
        let file = try PosixFile.openForReading(writer.path)
        for (offset, count) in [(0, 1 << 20), (1, 100), (4_095, 1_048_577), (8_192, 4_096), (3 << 20, 777), (3 << 20 + 700, 5_000),
                                (bytes.count, 10), (12_345, 2 << 20)] {
            let buffer = try ShareReads.read(file, count: count, at: UInt64(offset))
            let expected = Array(bytes[min(offset, bytes.count)..<min(bytes.count, offset + count)])
            #expect(Array(buffer.readableBytesView) == expected, "\(count) bytes at \(offset)")
        }
        let cached = try DirectWritesTests.residentPages(file, count: bytes.count).dropFirst().dropLast().filter { $0 }.count
        #expect(cached == 0, "\(cached) pages of the share were left in the page cache")
    }
}
