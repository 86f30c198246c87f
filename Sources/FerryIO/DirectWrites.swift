#if canImport(Glibc)
import Glibc
#endif

/// Writes to one file that go around the page cache (`O_DIRECT`) wherever they can: the
/// whole blocks of each write go straight to the disk, its unaligned first and last bytes
/// (under a block each) through the page cache, on the file's own descriptor.
///
/// For bulk data that is fsynced anyway and not read back soon: a share on a storage
/// server, a download's part file (not the helper's spool, which is encoded from the cache
/// at once). On the machine Ferry is measured on, writing a GiB into the page cache took
/// 1-3 s of kernel CPU whenever the memory had sat free for a few seconds (the hypervisor
/// had taken it back), 0.2 s when direct (docs/BENCHMARKS.md, session 12). Elsewhere it
/// saves the copy and leaves the cache to what the user reads.
///
/// Where the file system refuses `O_DIRECT` (at open, or with `EINVAL` on a write), every
/// write goes through the page cache, as before. Reads, syncs, truncation and closing stay
/// with the owner's descriptor; a direct write is coherent with both.
public final class DirectWrites {
    /// Whole-block runs shorter than this go through the page cache (a syscall saved).
    public static let smallest = 16 << 10

    private let file: PosixFile
    private var direct: Int32
    private var bounce: AlignedBuffer?

    /// Opens `file`'s path a second time for direct writes. Bytes not aligned in memory are
    /// copied through `bounce` (a whole number of blocks; a 1 MiB one is made at first need
    /// if none is given), a piece at a time.
    public init(_ file: PosixFile, bounce: AlignedBuffer? = nil) {
        self.file = file
        self.bounce = bounce
        direct = DirectIO.enabled ? Glibc.open(file.path, O_WRONLY | DirectIO.flag | O_CLOEXEC) : -1
    }

    deinit { if direct >= 0 { Glibc.close(direct) } }

    /// Whether whole blocks still go around the page cache.
    public var bypassesCache: Bool { direct >= 0 }

    /// Writes all of `bytes` at `offset`.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(FileError) {
        guard bytes.count > 0 else { return }
        let block = UInt64(DirectIO.blockSize)
        let end = offset + UInt64(bytes.count)
        let middleStart = min((offset + block - 1) / block * block, end)
        let middleEnd = max(middleStart, end / block * block)
        let head = Int(middleStart - offset), middle = Int(middleEnd - middleStart)
        guard direct >= 0, middle >= Self.smallest else { return try file.write(bytes, at: offset) }
        try file.write(UnsafeRawBufferPointer(rebasing: bytes[..<head]), at: offset)
        try writeDirect(UnsafeRawBufferPointer(rebasing: bytes[head..<head + middle]), at: middleStart)
        try file.write(UnsafeRawBufferPointer(rebasing: bytes[(head + middle)...]), at: middleEnd)
    }

    /// Writes all of `bytes` at `offset`.
    public func write(_ bytes: [UInt8], at offset: UInt64) throws(FileError) {
        var failure: FileError?
        bytes.withUnsafeBytes { buffer in
            do throws(FileError) { try write(buffer, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Closes the direct descriptor now (the owner's stays open).
    public func close() {
        if direct >= 0 { Glibc.close(direct) }
        direct = -1
    }

    /// Whole blocks at an aligned offset: straight from `bytes` when its memory is aligned,
    /// else copied through the bounce buffer a piece at a time.
    private func writeDirect(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(FileError) {
        if Int(bitPattern: bytes.baseAddress!) % DirectIO.blockSize == 0 {
            return try pwriteDirect(bytes, at: offset)
        }
        let bounce = self.bounce ?? AlignedBuffer(capacity: 1 << 20)
        self.bounce = bounce
        var done = 0
        while done < bytes.count {
            let count = min(bounce.capacity / DirectIO.blockSize * DirectIO.blockSize, bytes.count - done)
            bounce.bytes.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[done..<done + count]))
            try pwriteDirect(UnsafeRawBufferPointer(rebasing: bounce.bytes[..<count]), at: offset + UInt64(done))
            done += count
        }
    }

    /// Loops until done; what the file system will not take directly (`EINVAL`, or a short
    /// write that leaves the rest unaligned) goes through the page cache, and so does every
    /// later write when `EINVAL` says direct I/O is not supported here.
    private func pwriteDirect(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(FileError) {
        var done = 0
        while done < bytes.count {
            guard direct >= 0, done % DirectIO.blockSize == 0 else { break }
            let count = pwrite(direct, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if count < 0 {
                if errno == EINTR { continue }
                guard errno == EINVAL else { throw FileError("write", path: file.path) }
                close()
                break
            }
            done += count
        }
        try file.write(UnsafeRawBufferPointer(rebasing: bytes[done...]), at: offset + UInt64(done))
    }
}
