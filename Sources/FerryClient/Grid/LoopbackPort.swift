import Foundation
import Glibc

/// A free loopback port for a new node of the embedded grid, outside the ephemeral range
/// (``PortChoice``); the kernel's range and a trial bind are the I/O around that rule.
enum LoopbackPort {
    /// A port nothing listens on or holds just now, or nil after `tries` taken ones (the
    /// node then gets "any port", as before).
    static func pickFree(tries: Int = 20) -> Int? {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let ephemeral = PortChoice.ephemeralRange(parsing: text) ?? PortChoice.defaultEphemeral
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<tries {
            guard let port = PortChoice.pick(avoiding: ephemeral, using: &generator) else { return nil }
            if isFree(port) { return port }
        }
        return nil
    }

    /// Whether a TCP socket can bind 127.0.0.1:`port` (without SO_REUSEADDR, so a port
    /// still in TIME_WAIT counts as taken too).
    static func isFree(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
