#if canImport(Glibc)
import Glibc
#endif

/// One process at a time: an exclusive `flock` on a file, held for the process's life and
/// let go by the kernel however it ends (`kill -9` included), with the holder's pid written
/// inside. Who holds it is known for sure (a pid file alone may name a process long gone,
/// or a stranger that took its number).
public final class PidLock: Sendable {
    private let descriptor: Int32
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Takes the lock, or answers nil when another process holds it.
    public static func take(_ path: String) throws(FileError) -> PidLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileError("open", path: path) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return PidLock(descriptor: descriptor, path: path)
    }

    /// The pid written by the process holding the lock, if one holds it.
    public static func holder(_ path: String) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) != 0 else { return nil }  // nobody holds it
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes[..<count].filter { (0x30...0x39).contains($0) }, as: UTF8.self))
    }

    /// Waits up to `seconds` for whoever holds the lock to let go; whether it did.
    public static func waitForRelease(_ path: String, seconds: Double) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while holder(path) != nil {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    deinit {
        close(descriptor)
    }
}
