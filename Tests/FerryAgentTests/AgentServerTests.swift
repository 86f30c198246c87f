import FerryAgent
import FerryClient
import FerryCore
import FerryTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The agent's socket with a real engine and journal behind it, spoken to over a real Unix
/// socket by raw clients.
@Suite struct AgentServerTests {
    /// Runs until cancelled or paused: a transfer that stays active for as long as a test needs.
    struct HoldingRunner: TransferRunner {
        func run(_ request: TransferRequest, grant: @escaping @Sendable (Int) async throws -> Int,
                 report: @escaping @Sendable (RunnerEvent) -> Void) async throws(TransferError) -> String? {
            report(.phase("sending"))
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
            throw .cancelled
        }
    }

    let directory = TemporaryDirectory("ferry-agent-")

    /// Starts an agent over a fresh journal; runs `body` with its socket path; stops it.
    func withAgent(_ body: (String, TransferEngine) async throws -> Void) async throws {
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let journal = try Journal(path: directory.path + "/journal.sqlite")
        let engine = try TransferEngine(journal: journal, runner: HoldingRunner())
        await engine.start()
        let server = AgentServer(socketPath: directory.path + "/agent.sock", engine: engine, journal: journal, software: "ferry test", started: 1)
        let running = Task { try await server.run() }
        // The socket file appears at bind, before listen: a connection refused then means
        // "not yet" (it failed a run of scripts/test, session 14).
        for attempt in 1...200 {
            do {
                _ = try await Self.greeted(server.socketPath)  // answering: set up (socket mode included)
                break
            } catch let error as POSIXError where attempt < 200 && [.ENOENT, .ECONNREFUSED].contains(error.code) {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        do {
            try await body(server.socketPath, engine)
        } catch {
            server.stop()
            _ = try? await running.value
            throw error
        }
        server.stop()
        try await running.value
        await engine.shutdown()
    }

    static func greeted(_ path: String) async throws -> LineSocket {
        let client = try LineSocket(path: path)
        client.send(#"{"type":"hello","protocol":1,"software":"test"}"# + "\n")
        let welcome = try #require(await client.line())
        #expect(welcome.contains(#""type":"welcome""#), "\(welcome)")
        return client
    }

    @Test func aMalformedMessageIsRefusedAndTheAgentGoesOn() async throws {
        try await withAgent { path, _ in
            let bad = try await Self.greeted(path)
            let good = try await Self.greeted(path)
            bad.send("this is not json\n")
            let refusal = try #require(await bad.line())
            #expect(refusal.contains(#""code":"protocol.malformed""#) && refusal.contains(#""type":"refused""#), "\(refusal)")
            #expect(await bad.line() == nil, "the agent closes a connection it refused")

            let late = try LineSocket(path: path)
            late.send(#"{"type":"request","id":1,"command":{"status":{}}}"# + "\n")
            #expect(try #require(await late.line()).contains("protocol.hello-first"))

            let old = try LineSocket(path: path)
            old.send(#"{"type":"hello","protocol":99,"software":"ferry 9"}"# + "\n")
            #expect(try #require(await old.line()).contains("protocol.version"))

            good.send(#"{"type":"request","id":7,"command":{"status":{}}}"# + "\n")
            let status = try #require(await good.line())
            #expect(status.contains(#""id":7"#) && status.contains(#""pid":\#(getpid())"#), "\(status)")
            good.send(#"{"type":"request","id":8,"command":{"pause":{"id":41}}}"# + "\n")
            #expect(try #require(await good.line()).contains(#""code":"transfer.unknown""#))
        }
    }

    @Test func anotherUserIsRefused() async throws {
        try #require(getuid() == 0, "switching to another uid needs root (CI runs as root)")
        try await withAgent { path, _ in
            chmod(directory.path, 0o755)
            chmod(path, 0o666)  // only so the kernel lets the other user reach the agent's own check
            let script = """
                import socket, sys
                s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
                try:
                    s.sendall(b'{"type":"hello","protocol":1,"software":"intruder"}\\n')
                except OSError:
                    pass  # the agent may have refused and closed before the hello went
                print(s.makefile().readline().strip())
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, path]
            let output = Spawning.pipe()
            process.standardOutput = output
            process.standardError = output
            try Spawning.run(process)
            let answer = await withCheckedContinuation { continuation in  // blocking waits on a thread of their own
                Thread {
                    let bytes = output.fileHandleForReading.readDataToEndOfFile()
                    Spawning.waitForExit(process)
                    continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
                }.start()
            }
            #expect(answer.contains(#""code":"agent.foreign-user""#), "\(answer)")
            #expect(!answer.contains("welcome"))
            let owner = try await Self.greeted(path)
            owner.send(#"{"type":"request","id":1,"command":{"status":{}}}"# + "\n")
            #expect(try #require(await owner.line()).contains(#""type":"reply""#))
        }
    }

    @Test func twoWatchersSeeTheSamePause() async throws {
        try await withAgent { path, _ in
            let control = try await Self.greeted(path)
            control.send(#"{"type":"request","id":1,"command":{"add":{"priority":0,"request":{"upload":{"path":"/nowhere/file"}}}}}"# + "\n")
            let added = try FrameCodec.decode(Array(try #require(await control.line()).utf8))
            guard case .reply(1, .success(let result)) = added, let id = result.transfer?.id else {
                Issue.record("add answered \(added)")
                return
            }
            let watchers = [try await Self.greeted(path), try await Self.greeted(path)]
            for watcher in watchers {
                watcher.send(#"{"type":"request","id":2,"command":{"watch":{}}}"# + "\n")
                let snapshot = try FrameCodec.decode(Array(try #require(await watcher.line()).utf8))
                guard case .reply(2, .success(let first)) = snapshot else { Issue.record("watch answered \(snapshot)"); return }
                #expect(first.snapshot?.transfers.map(\.id) == [id])
            }
            control.send(#"{"type":"request","id":3,"command":{"pause":{"id":\#(id)}}}"# + "\n")
            #expect(try #require(await control.line()) == #"{"id":3,"result":{},"type":"reply"}"#)
            for watcher in watchers {
                var sawPause = false
                while !sawPause, let line = await watcher.line() {
                    if case .event(.updated(let transfer)) = try FrameCodec.decode(Array(line.utf8)), transfer.id == id, transfer.state == .paused {
                        sawPause = true
                    }
                }
                #expect(sawPause, "each watcher is told of the pause")
            }
        }
    }
}
