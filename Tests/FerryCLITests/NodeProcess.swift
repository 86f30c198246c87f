import FerryStorage
import FerryTestSupport
import Foundation

/// A real `ferry storage serve` (or `ferry helper serve`) process for end-to-end tests:
/// started on loopback, NURL read from its first line of output, killed with SIGKILL when
/// asked (and at deinit), frozen with SIGSTOP.
final class NodeProcess: @unchecked Sendable {
    let basedir: String
    /// The serve command and its options other than --basedir and --listen.
    var command: [String]
    private(set) var process: Process
    private(set) var nurl: NURL

    /// Starts a server; `listen` nil leaves the address to the node's ferry.toml.
    /// Waits for the NURL off Swift's task pool (``OffThePool``): a node can take seconds to
    /// start on a busy machine.
    init(basedir: String, listen: String? = "127.0.0.1:0", command: [String] = ["storage", "serve"]) async throws {
        self.basedir = basedir
        self.command = command
        (process, nurl) = try await Self.start(command, basedir: basedir, listen: listen)
    }

    /// `count` storage servers in `scratch` (storage0, storage1, ...), started one by one.
    static func storageServers(_ count: Int, in scratch: Scratch) async throws -> [NodeProcess] {
        var servers: [NodeProcess] = []
        for number in 0..<count { servers.append(try await NodeProcess(basedir: scratch.path("storage\(number)"))) }
        return servers
    }

    /// Sends SIGKILL and does not wait: a deinit runs on one of the task pool's two threads,
    /// and a node killed in the middle of an fsync can take seconds to go (CI, session 11).
    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// Kills the server with SIGKILL (no chance to clean up), waits for it to die, off the
    /// task pool.
    func killHard() async {
        let process = HandedOver(process)
        kill(process.value.processIdentifier, SIGKILL)
        _ = try? await OffThePool.run { Spawning.waitForExit(process.value) }
    }

    /// Freezes the server (SIGSTOP): connections stay open, nothing is read or sent.
    func pause() { kill(process.processIdentifier, SIGSTOP) }

    /// Lets a frozen server run again (SIGCONT).
    func unpause() { kill(process.processIdentifier, SIGCONT) }

    /// Starts it again on the same address, so the NURL is unchanged (or, with `configured`,
    /// on whatever address ferry.toml names).
    /// Starts the node again on its port. Another program may hold that port meanwhile (on a
    /// busy machine an outgoing connection took it as its own end once: CI, session 19), which
    /// the node says as `node.address_in_use`: tried again for a few seconds.
    func restart(configured: Bool = false) async throws {
        if process.isRunning { await killHard() }
        for attempt in 1...10 {
            do {
                (process, nurl) = try await Self.start(command, basedir: basedir, listen: configured ? nil : "\(nurl.host):\(nurl.port)")
                return
            } catch where attempt < 10 && ((try? String(contentsOfFile: basedir + ".log", encoding: .utf8)) ?? "").contains("node.address_in_use") {
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    private static func start(_ command: [String], basedir: String, listen: String?) async throws -> (Process, NURL) {
        let started = try await OffThePool.run { HandedOver(try startBlocking(command, basedir: basedir, listen: listen)) }
        return started.value
    }

    /// Starts a node, off any task (for a test that is not async); its process and NURL.
    static func startBlocking(_ command: [String], basedir: String, listen: String?) throws -> (Process, NURL) {
        let process = Process()
        process.executableURL = FerryProcess.executable
        process.arguments = command + ["--basedir", basedir] + (listen.map { ["--listen", $0] } ?? [])
        let out = Spawning.pipe()
        process.standardOutput = out
        // Standard error goes to basedir.log (beside the node directory), for tests that read it.
        _ = FileManager.default.createFile(atPath: basedir + ".log", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: basedir + ".log") ?? FileHandle.nullDevice
        try Spawning.run(process)
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw StorageError.transport("server exited before printing its NURL") }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).split(separator: "\n")[0]
        return (process, try NURL(parsing: String(text)))
    }
}
