#if canImport(Glibc)
import Glibc
#endif

/// One agent per user (per journal): an exclusive `flock` on `agent.lock`, held for the
/// agent's life and let go by the kernel however the agent ends (`kill -9` included), with
/// the holder's pid written inside for `ferry agent status`. Whoever holds it may remove a
/// socket file left behind: no other agent can be listening on it.
public final class AgentLock: Sendable {
    private let descriptor: Int32
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Takes the lock, or answers nil when another process holds it.
    public static func take(_ path: String) throws(AgentError) -> AgentLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AgentError(code: "agent.directory", message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return AgentLock(descriptor: descriptor, path: path)
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

    /// Waits up to `seconds` for whoever holds the lock to let go (its agent has ended);
    /// whether it did.
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
