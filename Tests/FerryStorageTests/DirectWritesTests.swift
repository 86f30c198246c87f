import FerryIO
import FerryTestSupport
import Foundation
import Glibc
import Testing

/// Writes that go around the page cache: whatever the offsets, lengths and memory alignment,
/// the file holds exactly what was written; whole blocks do not stay in the page cache, the
/// unaligned edges do; where direct I/O is refused, writes still go through.
struct DirectWritesTests {
    let scratch = TemporaryDirectory("ferry-direct-")

    func makeFile(_ name: String) throws -> PosixFile {
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        return try PosixFile.openForUpdate(scratch.path + "/" + name)
    }

    @Test func unalignedOutOfOrderAndRepeatedWritesLeaveExactlyTheirBytes() throws {
        let file = try makeFile("share")
        let writes = DirectWrites(file, bounce: AlignedBuffer(capacity: 64 << 10))  // small: several pieces per write
        #expect(writes.bypassesCache, "the test directory's file system takes O_DIRECT")
        let source = PatternBytes.random(3 << 20, seed: 12)
        var model = [UInt8](repeating: 0, count: source.count)
        // (offset, length): unaligned both, aligned both, shorter than a block, spanning many
        // blocks, a rewrite of bytes already there, and one left as a hole until last.
        let pieces: [(Int, Int)] = [(4_095, 700_001), (1 << 20, 1 << 20), (77, 3_000), (2 << 20, 20_000),
                                    (4_095, 700_001), (2_097_152 + 20_000, 1_028_576), (0, 77), (3_077, 1_018)]
        for (offset, length) in pieces {
            try writes.write(Array(source[offset..<offset + length]), at: UInt64(offset))
            model.replaceSubrange(offset..<offset + length, with: source[offset..<offset + length])
        }
        let holeStart = 704_096, holeEnd = 1 << 20
        #expect(try file.read(count: holeEnd - holeStart, at: UInt64(holeStart)) == [UInt8](repeating: 0, count: holeEnd - holeStart))
        try writes.write(Array(source[holeStart..<holeEnd]), at: UInt64(holeStart))
        model.replaceSubrange(holeStart..<holeEnd, with: source[holeStart..<holeEnd])
        #expect(try file.read(count: source.count + 10, at: 0) == model)
        #expect(model == source)
    }

    @Test func wholeBlocksDoNotStayInThePageCacheTheEdgesDo() throws {
        let file = try makeFile("spool")
        let writes = DirectWrites(file)
        let bytes = PatternBytes.random(1 << 20, seed: 5)
        try writes.write(bytes, at: 1_000)  // edges: [1000, 4096) and [1048576, 1049576)
        let resident = try Self.residentPages(file, count: 1_000 + bytes.count)
        #expect(resident.first == true && resident.last == true, "the unaligned edges went through the page cache")
        let middle = resident.dropFirst().dropLast()
        #expect(middle.count == 255 && middle.allSatisfy { !$0 }, "\(middle.filter { $0 }.count) of 255 whole blocks are cached")
        #expect(try file.read(count: bytes.count, at: 1_000) == bytes)
    }

    @Test func whereDirectIOIsRefusedWritesGoThroughAndErrorsAreThrown() throws {
        let null = try PosixFile.openForUpdate("/dev/null")
        let refused = DirectWrites(null)
        #expect(!refused.bypassesCache)
        try refused.write(PatternBytes.random(100_000, seed: 1), at: 4_096)
        let full = DirectWrites(try PosixFile.openForUpdate("/dev/full"))
        #expect(throws: FileError.self) { try full.write(PatternBytes.random(100_000, seed: 2), at: 0) }
        do { try full.write([1, 2, 3], at: 0) } catch { #expect(error.errno == ENOSPC) }
    }

    /// Which pages of the file's first `count` bytes are in the page cache (mincore).
    static func residentPages(_ file: PosixFile, count: Int) throws -> [Bool] {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let mapped = mmap(nil, count, PROT_READ, MAP_SHARED, file.descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else { throw FileError("mmap", path: file.path) }
        defer { munmap(mapped, count) }
        var vector = [UInt8](repeating: 0, count: (count + page - 1) / page)
        guard mincore(mapped, count, &vector) == 0 else { throw FileError("mincore", path: file.path) }
        return vector.map { $0 & 1 == 1 }
    }
}
