import FerryClient
import FerryStorage
import FerryTestSupport
import Foundation
import Glibc
import Testing

/// The embedded grid's ports: chosen outside the ephemeral range, so an outgoing connection
/// cannot take one while the grid is stopped; a port held for a moment anyway (a
/// connection closing) delays the start instead of failing it.
@Suite(.serialized) struct EmbeddedGridPortTests {
    @Test func aStoppedGridStartsOnceAHeldPortIsFreeAgain() async throws {
        let scratch = try Scratch()
        let environment = GetCommandTests.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let started = try await FerryProcess.run(["grid", "start"], environment: environment)
            #expect(started.status == 0 && started.stderr == "started the embedded grid (6 nodes)\n", "\(started.stderr)")
            let running = try await FerryProcess.run(["grid", "start"], environment: environment)
            #expect(running.stderr == "the embedded grid was running already (6 nodes)\n" && running.stdout == started.stdout, "\(running.stderr)")
            let before = try await Self.nurls(environment)
            let ephemeral = PortChoice.ephemeralRange(parsing: try String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))!
            #expect(before.count == 6 && before.allSatisfy { $0.port >= PortChoice.lowest && !ephemeral.contains($0.port) }, "\(before.map(\.port)) vs \(ephemeral)")
            _ = try await FerryProcess.run(["grid", "stop"], environment: environment)
            // Another program holds storage2's port for a second and a half.
            let held = try #require(Self.listen(on: before[2].port), "the stopped node's port could not be bound")
            let release = Task {
                try? await Task.sleep(for: .milliseconds(1500))
                close(held)
            }
            let again = try await FerryProcess.run(["grid", "start"], environment: environment)
            await release.value
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try await Self.nurls(environment) == before, "the same NURLs")
            let log = try String(contentsOfFile: scratch.path("grid/storage2.log"), encoding: .utf8)
            #expect(log.contains("node.address_in_use"), "the port was held while it started: \(log)")
        }
    }

    /// A port held for longer than the grid waits: a clear error that names the node and why.
    @Test func aPortHeldForGoodFailsTheStartClearly() async throws {
        let scratch = try Scratch()
        let environment = GetCommandTests.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            #expect(try await FerryProcess.run(["grid", "start"], environment: environment).status == 0)
            let port = try await Self.nurls(environment)[0].port
            _ = try await FerryProcess.run(["grid", "stop"], environment: environment)
            let held = try #require(Self.listen(on: port))
            defer { close(held) }
            let again = try await FerryProcess.run(["grid", "start"], environment: environment)
            #expect(again.status != 0 && again.stderr.contains("grid.start_failed: the embedded grid's storage0 did not start")
                    && again.stderr.contains("node.address_in_use"), "\(again.stderr)")
        }
    }

    static func nurls(_ environment: [String: String]) async throws -> [NURL] {
        try await FerryProcess.run(["grid", "status"], environment: environment).stdout.split(separator: "\n")
            .compactMap { $0.split(separator: " ").last }.map { try NURL(parsing: String($0)) }
    }

    /// A socket listening on 127.0.0.1:`port`, or nil.
    static func listen(on port: Int) -> Int32? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard bound, Glibc.listen(socket, 1) == 0 else { close(socket); return nil }
        return socket
    }
}
