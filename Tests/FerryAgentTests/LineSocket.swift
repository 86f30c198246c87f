import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking client of a Unix socket for tests: sends raw bytes (malformed ones too)
/// and reads whole lines, each read giving up after `timeout` seconds.
final class LineSocket: @unchecked Sendable {
    private let fd: Int32
    private var buffered: [UInt8] = []

    init(path: String, timeout: Int = 60) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        // Not closed here: every property is set, so a throw still runs deinit, which closes
        // it. Closing it twice closed whatever took the number meanwhile (NIO's epoll
        // descriptor: "unacceptable errno 9" crashed a CI run, session 14).
        guard connected == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if count <= 0 { return }
            done += count
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// ``blockingLine()`` on a thread of its own: a test's blocking read must not hold one
    /// of the few threads the agent's own tasks run on (two on a two-core machine).
    func line() async -> String? {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.blockingLine()) }.start()
        }
    }

    /// The next line (without its newline), or nil at end of stream or timeout.
    func blockingLine() -> String? {
        while true {
            if let end = buffered.firstIndex(of: 0x0A) {
                let line = String(decoding: buffered[..<end], as: UTF8.self)
                buffered.removeFirst(end + 1)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            buffered += chunk[..<count]
        }
    }
}
