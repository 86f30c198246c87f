import Glibc
import Synchronization

/// The two sockets of one proxied connection, closed once, after both directions have
/// ended. A cut shuts both sockets down at once (which wakes a pump blocked in `read` or
/// `send`; closing would not) with SO_LINGER 0, so the close that follows resets the peers.
final class ProxyConnection: Sendable {
    let client: Int32
    let server: Int32
    /// Directions ended, whether the connection was cut, and whether the descriptors are
    /// closed (after which their numbers may belong to someone else: never touched again).
    private let state = Mutex((ended: 0, closed: false, released: false))

    init(client: Int32, server: Int32) {
        self.client = client
        self.server = server
    }

    var isCut: Bool { state.withLock { $0.closed } }

    /// Breaks the connection: both pumps stop, and both peers are reset when it closes.
    func cut() {
        state.withLock { state in
            guard !state.closed, !state.released else { return }
            state.closed = true
            for socket in [client, server] {
                Self.lingerZero(socket)
                shutdown(socket, Int32(SHUT_RDWR))
            }
        }
    }

    /// Passes an end of stream on (shuts down writing on `socket`).
    func endWriting(_ socket: Int32) {
        state.withLock { state in
            if !state.closed, !state.released { shutdown(socket, Int32(SHUT_WR)) }
        }
    }

    /// Notes that one direction ended; true (and the sockets closed) when both have.
    func halfClosed() -> Bool {
        state.withLock { state in
            state.ended += 1
            guard state.ended == 2 else { return false }
            state.released = true
            Glibc.close(client)
            Glibc.close(server)
            return true
        }
    }

    /// Closes `socket` with a reset.
    static func reset(_ socket: Int32) {
        lingerZero(socket)
        Glibc.close(socket)
    }

    private static func lingerZero(_ socket: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }
}
