#if canImport(Glibc)
import Glibc
#endif

/// A thin owner of a POSIX file descriptor: positional reads and writes that loop until
/// done, fsync, close. The one place the debug commands touch files.
final class PosixFile {
    let path: String
    private(set) var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String) throws(FileError) -> PosixFile {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError("open", path: path) }
        return PosixFile(path: path, descriptor: fd)
    }

    /// Creates (or truncates) a file for writing, mode 0644.
    static func create(_ path: String) throws(FileError) -> PosixFile {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError("create", path: path) }
        return PosixFile(path: path, descriptor: fd)
    }

    /// Size in bytes.
    func size() throws(FileError) -> UInt64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileError("stat", path: path) }
        return UInt64(info.st_size)
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(FileError) -> Int {
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
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(FileError) {
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if count < 0 { if errno == EINTR { continue }; throw FileError("write", path: path) }
            done += count
        }
    }

    /// Flushes data to stable storage.
    func sync() throws(FileError) {
        guard fsync(descriptor) == 0 else { throw FileError("fsync", path: path) }
    }

    /// Closes now (instead of at deinit), reporting errors.
    func close() throws(FileError) {
        let fd = descriptor
        descriptor = -1
        guard Glibc.close(fd) == 0 else { throw FileError("close", path: path) }
    }
}
