import Foundation
import Glibc
import Synchronization

/// A TCP proxy on loopback that breaks things on purpose, for end-to-end tests and
/// benchmarks of retry and resume: it forwards every connection to one target and applies
/// a ``FaultPlan`` (cuts, silent stalls, a bandwidth limit, refusals, a delay), which can change
/// while it runs. Plain threads and blocking sockets: simple to reason about, and the
/// sockets' own buffers behave as on a real link. Those buffers are held to
/// ``socketBuffer`` each: on loopback Linux grows a receive buffer up to `tcp_rmem`'s
/// maximum (32 MiB here), so a throttled proxy could sit on a whole test file and pass it
/// on after a pause or a stop (a flaky engine test, sessions 12-20).
public final class FaultProxy: Sendable {
    /// The port it listens on (127.0.0.1).
    public let port: Int
    private let targetPort: Int
    private let listener: Int32
    private let state: Mutex<FaultState>
    private let accepted = Mutex(0)
    private let closed = Mutex(false)
    private let open = Mutex<[ObjectIdentifier: ProxyConnection]>([:])
    private let started = ContinuousClock.now

    /// Starts proxying to `targetPort` on 127.0.0.1.
    public init(targetPort: Int, plan: FaultPlan = FaultPlan()) throws {
        self.targetPort = targetPort
        state = Mutex(FaultState(plan: plan))
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ProxyError("socket") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        Self.boundBuffers(listener)  // accepted sockets inherit them (and the window scale they imply)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw ProxyError("bind") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { close() }

    /// Seconds since the proxy started (the clock ``FaultPlan/refuseUntil`` uses).
    public var now: Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Changes the plan; takes effect on the next bytes. (`change` runs under the proxy's
    /// lock: read ``forwarded`` or ``now`` before, not inside.)
    public func update(_ change: (inout FaultPlan) -> Void) {
        state.withLock { change(&$0.plan) }
    }

    /// Bytes forwarded so far, both ways.
    public var forwarded: UInt64 { state.withLock { $0.forwarded } }
    /// Connections cut so far.
    public var cuts: Int { state.withLock { $0.cuts } }
    /// Connections accepted so far (refused ones included).
    public var connections: Int { accepted.withLock { $0 } }

    /// Resets every open connection now (the listener stays: new connections are taken
    /// under the plan).
    public func cutOpenConnections() {
        let connections = open.withLock { Array($0.values) }
        state.withLock { $0.countCuts(connections.count) }
        for connection in connections { connection.cut() }
    }

    /// Stops listening and resets every open connection.
    public func close() {
        // Once only: the descriptor's number may be another's after the first close.
        guard closed.withLock({ closed in defer { closed = true }; return !closed }) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
        for connection in open.withLock({ Array($0.values) }) { connection.cut() }
    }

    private func acceptLoop() {
        while !closed.withLock({ $0 }) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            if closed.withLock({ $0 }) {
                ProxyConnection.reset(client)
                return
            }
            accepted.withLock { $0 += 1 }
            if state.withLock({ $0.refuses(now: now) }) {
                ProxyConnection.reset(client)
                continue
            }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            Self.boundBuffers(server)
            var address = Self.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                ProxyConnection.reset(client)
                Glibc.close(server)
                continue
            }
            let connection = ProxyConnection(client: client, server: server)
            open.withLock { $0[ObjectIdentifier(connection)] = connection }
            let delay = state.withLock { $0.plan.delay ?? 0 }
            for (from, to) in [(client, server), (server, client)] {
                if delay > 0 {
                    let line = DelayLine()
                    Thread.detachNewThread { [self] in feed(line, from: from, delay: delay) }
                    Thread.detachNewThread { [self] in
                        pump(connection, line, to: to)
                        line.close()
                        if connection.halfClosed() { open.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(connection)) } }
                    }
                } else {
                    Thread.detachNewThread { [self] in
                        pump(connection, from: from, to: to)
                        if connection.halfClosed() { open.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(connection)) } }
                    }
                }
            }
        }
    }

    /// Copies `from` → `to` under the plan until either side ends or the plan cuts.
    private func pump(_ connection: ProxyConnection, from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
            guard count > 0 else {
                connection.endWriting(to)
                return
            }
            guard forward(buffer, count: count, to: to, connection) else { return }
        }
    }

    /// Reads `from` into a delay line, each chunk due `delay` seconds after it came.
    private func feed(_ line: DelayLine, from: Int32, delay: Double) {
        defer { line.readerStopped() }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
            guard count > 0 else { return line.end() }
            guard line.put(Array(buffer[0..<count]), due: now + delay) else { return }
        }
    }

    /// Passes a delay line's chunks on to `to` under the plan, each when it is due.
    private func pump(_ connection: ProxyConnection, _ line: DelayLine, to: Int32) {
        while let chunk = line.take() {
            var early = chunk.due - now
            while early > 0 {
                usleep(useconds_t(max(100, min(early, 0.2) * 1e6)))
                if connection.isCut { return }
                early = chunk.due - now
            }
            guard forward(chunk.bytes, count: chunk.bytes.count, to: to, connection) else { return }
        }
        connection.endWriting(to)
    }

    /// Writes `count` bytes of `buffer` to `to` as the plan admits them; false once the
    /// connection is cut or broken.
    private func forward(_ buffer: [UInt8], count: Int, to: Int32, _ connection: ProxyConnection) -> Bool {
        var offset = 0
        while offset < count {
            switch state.withLock({ $0.admit(count - offset, now: now) }) {
            case .wait(let seconds):
                usleep(useconds_t(max(1000, min(seconds, 0.2) * 1e6)))
                if connection.isCut { return false }
            case .pass(let allowed, let cut):
                guard Self.writeAll(to, buffer, from: offset, count: allowed) else {
                    connection.cut()
                    return false
                }
                offset += allowed
                if cut {
                    connection.cut()
                    return false
                }
            }
        }
        return true
    }

    private static func writeAll(_ socket: Int32, _ buffer: [UInt8], from start: Int, count: Int) -> Bool {
        var written = 0
        while written < count {
            let result = buffer.withUnsafeBytes { send(socket, $0.baseAddress! + start + written, count - written, Int32(MSG_NOSIGNAL)) }
            guard result > 0 else { return false }
            written += result
        }
        return true
    }

    /// The kernel buffer each of the proxy's sockets gets for sending and for receiving
    /// (Linux doubles the figure for its bookkeeping): room for a fast loopback link, not
    /// for megabytes held back behind a limit.
    public static let socketBuffer: Int32 = 256 << 10

    private static func boundBuffers(_ socket: Int32) {
        var size = socketBuffer
        for option in [SO_RCVBUF, SO_SNDBUF] { setsockopt(socket, SOL_SOCKET, option, &size, socklen_t(MemoryLayout<Int32>.size)) }
    }

    /// The address of `port` on 127.0.0.1.
    public static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// A proxy failure to start.
public struct ProxyError: Error, CustomStringConvertible {
    public let description: String
    init(_ operation: String) { description = "fault proxy: \(operation): \(String(cString: strerror(errno)))" }
}
