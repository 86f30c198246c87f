#if canImport(Glibc)
import Glibc
#endif

/// A thin owner of a POSIX file descriptor: positional reads and writes that loop until
/// done, fsync, close. The one place the debug commands touch files.
public final class PosixFile {
    public let path: String
    public private(set) var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    /// Opens an existing file for reading.
    public static func openForReading(_ path: String) throws(FileError) -> PosixFile {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError("open", path: path) }
        return PosixFile(path: path, descriptor: fd)
    }

    /// Opens an existing file for reading without waiting: a FIFO with no writer opens at
    /// once (and its reads then do not wait either) rather than blocking the open, so its
    /// kind can be checked first. Reads of a regular file never wait anyway.
    public static func openForReadingWithoutWaiting(_ path: String) throws(FileError) -> PosixFile {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileError("open", path: path) }
        return PosixFile(path: path, descriptor: fd)
    }

    /// Creates (or truncates) a file for writing, with `mode` (default 0644) for a new file.
    public static func create(_ path: String, mode: mode_t = 0o644) throws(FileError) -> PosixFile {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError("create", path: path) }
        return PosixFile(path: path, descriptor: fd)
    }

    /// Opens (creating if needed, never truncating) a file for reading and writing, mode 0644.
    public static func openForUpdate(_ path: String) throws(FileError) -> PosixFile {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError("open", path: path) }
        return PosixFile(path: path, descriptor: fd)
    }

    /// Opens an existing file for reading and writing; a missing one is an error (ENOENT),
    /// not created.
    public static func openExisting(_ path: String) throws(FileError) -> PosixFile {
        let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw FileError("open", path: path) }
        return PosixFile(path: path, descriptor: fd)
    }

    /// Size in bytes.
    public func size() throws(FileError) -> UInt64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileError("stat", path: path) }
        return UInt64(info.st_size)
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(FileError) -> Int {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if count < 0 { if errno == EINTR { continue }; throw FileError("read", path: path) }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// Writes all of `bytes` at `offset`.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(FileError) {
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if count < 0 { if errno == EINTR { continue }; throw FileError("write", path: path) }
            done += count
        }
    }

    /// Flushes data to stable storage.
    public func sync() throws(FileError) {
        guard fsync(descriptor) == 0 else { throw FileError("fsync", path: path) }
    }

    /// Flushes file data (not all metadata) to stable storage.
    public func dataSync() throws(FileError) {
        guard fdatasync(descriptor) == 0 else { throw FileError("fdatasync", path: path) }
    }

    /// Cuts the file to `length` bytes.
    public func truncate(to length: UInt64) throws(FileError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw FileError("truncate", path: path) }
    }

    /// Reads the whole file (for small metadata files).
    public func readAll() throws(FileError) -> [UInt8] {
        let count = Int(try size())
        return try read(count: count, at: 0)
    }

    /// Up to `count` bytes at `offset` (fewer at end of file).
    public func read(count: Int, at offset: UInt64) throws(FileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var result: Result<Int, FileError> = .success(0)
        bytes.withUnsafeMutableBytes { buffer in
            do throws(FileError) { result = .success(try read(into: buffer, at: offset)) } catch { result = .failure(error) }
        }
        bytes.removeLast(count - (try result.get()))
        return bytes
    }

    /// Writes all of `bytes` at `offset`.
    public func write(_ bytes: [UInt8], at offset: UInt64) throws(FileError) {
        var failure: FileError?
        bytes.withUnsafeBytes { buffer in
            do throws(FileError) { try write(buffer, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Closes now (instead of at deinit), reporting errors; again, nothing.
    public func close() throws(FileError) {
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        guard Glibc.close(fd) == 0 else { throw FileError("close", path: path) }
    }
}
