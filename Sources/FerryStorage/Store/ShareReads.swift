import FerryIO
import NIOCore

/// Reads of complete shares for the network, around the page cache where the file system
/// allows (``DirectIO``): a share is written once around it and read rarely, by a
/// download long after; through the cache, each read first filled fresh pages that the
/// hypervisor had to hand back (docs/BENCHMARKS.md, session 12). The blocks around the
/// range are read straight into the answer's buffer, whose readable bytes are then just
/// the range: no copy.
enum ShareReads {
    /// `count` bytes at `offset` of `file` (fewer at its end).
    static func read(_ file: PosixFile, count: Int, at offset: UInt64) throws(FileError) -> ByteBuffer {
        let block = DirectIO.blockSize
        let start = DirectIO.alignDown(offset)
        let head = Int(offset - start)
        let span = DirectIO.alignUp(head + count)
        if let direct = try PosixFile.openForDirectReading(file.path) {
            defer { try? direct.close() }
            var buffer = ByteBufferAllocator().buffer(capacity: span + block)
            var outcome: Result<(pad: Int, read: Int)?, FileError> = .success(nil)
            buffer.withUnsafeMutableWritableBytes { area in
                let pad = (block - Int(bitPattern: area.baseAddress!) % block) % block
                let target = UnsafeMutableRawBufferPointer(rebasing: area[pad..<pad + span])
                do throws(FileError) { outcome = .success(try direct.readDirect(into: target, at: start).map { (pad, $0) }) } catch { outcome = .failure(error) }
            }
            if let (pad, read) = try outcome.get() {
                buffer.moveWriterIndex(to: pad + head + max(0, min(count, read - head)))
                buffer.moveReaderIndex(to: pad + head)
                return buffer
            }
        }
        return try readCached(file, count: count, at: offset)
    }

    /// Through the page cache.
    static func readCached(_ file: PosixFile, count: Int, at offset: UInt64) throws(FileError) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        var failure: FileError?
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { area in
            do throws(FileError) {
                return try file.read(into: UnsafeMutableRawBufferPointer(rebasing: area[0..<count]), at: offset)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return buffer
    }
}
