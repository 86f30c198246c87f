@testable import FerryAgent
import FerryTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A client of an agent that takes the connection and then never answers (hung, stopped
/// with SIGSTOP) stops waiting as soon as its caller is cancelled: the screen quits. (The
/// cancellation ends the connection's reading task, which fails what still waits.)
@Suite struct AgentClientCancelTests {
    let directory = TemporaryDirectory("ferry-agent-silent-")

    /// A listening Unix socket that, with `welcome`, accepts one connection, reads its hello,
    /// welcomes it and then says nothing more; without, never even accepts. Closed at deinit.
    final class SilentAgent: @unchecked Sendable {
        let path: String
        private let fd: Int32

        init(path: String, welcome: Bool) {
            self.path = path
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
            }
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            listen(fd, 4)
            guard welcome else { return }
            let listener = fd
            Thread.detachNewThread {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                var hello = [UInt8](repeating: 0, count: 4096)
                _ = hello.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
                let frame = FrameCodec.encode(.welcome(protocolVersion: AgentProtocol.current, software: "silent", pid: 1))
                _ = frame.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                // The connection stays open and silent until the process ends.
            }
        }

        deinit { close(fd) }
    }

    /// Runs `work` in a task, cancels it after a moment, and says whether it then ended
    /// within 10 s (and with what).
    static func cancelled(_ work: @escaping @Sendable () async throws -> Void) async -> (ended: Bool, error: (any Error)?) {
        let task = Task { try await work() }
        try? await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let ended = await withTaskGroup(of: Bool.self) { group in
            group.addTask { _ = await task.result; return true }
            group.addTask { try? await Task.sleep(for: .seconds(10)); return false }
            defer { group.cancelAll() }
            return await group.next()!
        }
        guard ended, case .failure(let error) = await task.result else { return (ended, nil) }
        return (ended, error)
    }

    @Test func aRequestTheAgentNeverAnswersEndsWhenCancelled() async throws {
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let agent = SilentAgent(path: directory.path + "/agent.sock", welcome: true)
        let outcome = await Self.cancelled {
            try await AgentClient.connect(socket: agent.path, software: "test") { client, _ in
                _ = try await client.request(.status)
            }
        }
        #expect(outcome.ended && outcome.error != nil, "\(String(describing: outcome.error))")
    }

    @Test func aWelcomeThatNeverComesEndsWhenCancelled() async throws {
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let agent = SilentAgent(path: directory.path + "/agent.sock", welcome: false)
        let outcome = await Self.cancelled {
            try await AgentClient.connect(socket: agent.path, software: "test") { _, _ in }
        }
        #expect(outcome.ended && outcome.error != nil, "\(String(describing: outcome.error))")
    }
}
