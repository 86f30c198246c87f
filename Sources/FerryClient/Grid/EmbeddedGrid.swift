import FerryCore
import FerryIO
import FerryStorage
import Foundation
import Glibc

/// Ferry's own grid on loopback, for people with no grid of their own: five storage
/// servers and a helper under one directory (`~/.local/share/ferry/grid`), each a
/// `ferry … serve` process in its own session, started on demand and kept running across
/// `ferry` invocations. Node directories keep their keys and ports, so NURLs (and caps'
/// reachability) survive restarts.
public struct EmbeddedGrid: Sendable {
    public let directory: String
    /// The `ferry` executable that serves the nodes.
    public let executable: String

    public static let storageCount = 5
    /// Happiness the grid can reach (one share per distinct server counts once).
    public static var happy: Int { storageCount }

    public init(directory: String, executable: String? = nil) {
        self.directory = directory
        self.executable = executable ?? DetachedProcess.currentExecutable
    }

    /// A node of the grid and where it stands.
    public struct Node: Sendable, Equatable {
        public let name: String
        public let pid: pid_t?
        public let nurl: NURL?
        public var running: Bool { pid != nil }
    }

    var storageNames: [String] { (0..<Self.storageCount).map { "storage\($0)" } }
    func path(_ name: String) -> String { directory + "/" + name }

    /// Every node: running or not, and its NURL once it has one.
    public func status() -> [Node] {
        (storageNames + ["helper"]).map { name in
            // The node's lock says for sure; the pid file only for a node started before nodes
            // locked their directories (it may name a process long gone, or a stranger that
            // took its number, which `grid stop` would then signal).
            let lock = NodeServer.lockFile(path(name))
            let pid = Directory.fileExists(lock) ? PidLock.holder(lock) : (try? String(contentsOfFile: path(name) + "/node.pid", encoding: .utf8))
                .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            let nurl = (try? String(contentsOfFile: path(name) + "/node.url", encoding: .utf8))
                .flatMap { try? NURL(parsing: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return Node(name: name, pid: pid.flatMap { DetachedProcess.isAlive($0) ? $0 : nil }, nurl: nurl)
        }
    }

    /// Starts whatever is not running and waits until every node answers; returns the
    /// helper's and the storage servers' NURLs, and how many nodes it started.
    @discardableResult
    public func start(timeout: Double = 30) async throws(TransferError) -> (helper: NURL, storage: [NURL], started: Int) {
        do { try Directory.createPrivate(directory) } catch { throw .file(error) }  // swissnums inside
        let stopped = status().filter { !$0.running }.count
        var storage: [NURL] = []
        for name in storageNames { storage.append(try await ensure(name, ["storage", "serve"], timeout: timeout)) }
        // The storage NURLs go in the environment, which only this user can read: on the
        // command line `ps` shows their swissnums to every user of the machine.
        let helper = try await ensure("helper", ["helper", "serve"], environment: ["FERRY_HELPER_STORAGE": storage.map(\.description).joined(separator: ",")],
                                      timeout: timeout)
        return (helper, storage, stopped)
    }

    /// Stops every running node (SIGTERM, then SIGKILL after a few seconds); how many ran.
    @discardableResult
    public func stop() async -> Int {
        let running = status().compactMap(\.pid)
        for pid in running { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(5)
        while running.contains(where: DetachedProcess.isAlive), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        for pid in running where DetachedProcess.isAlive(pid) { kill(pid, SIGKILL) }
        while running.contains(where: DetachedProcess.isAlive) { try? await Task.sleep(for: .milliseconds(20)) }
        return running.count
    }

    /// Starts `name` unless it runs; returns its NURL once its port answers. A new node
    /// gets a free port outside the ephemeral range (``PortChoice``), and another if a
    /// program takes it first; a node whose port is held starts once it is free, within a
    /// few seconds (a connection closing, a stopped node's socket going away).
    private func ensure(_ name: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double) async throws(TransferError) -> NURL {
        let node = path(name)
        if let existing = status().first(where: { $0.name == name }), existing.running, let nurl = existing.nurl { return nurl }
        var held = 0
        while true {
            let first = !FileManager.default.fileExists(atPath: node + "/ferry.toml")
            let listen = first ? ["--listen", "127.0.0.1:\(LoopbackPort.pickFree() ?? 0)"] : []
            switch try await launch(name, arguments + ["--basedir", node] + listen, environment: environment, timeout: timeout) {
            case .serving(let nurl):
                return nurl
            case .addressInUse where held < Self.heldPortTries:
                held += 1
                // A first start wrote the taken port into its new ferry.toml: choose again.
                if first { try? FileManager.default.removeItem(atPath: node + "/ferry.toml") } else { try? await Task.sleep(for: .milliseconds(250)) }
            case .addressInUse(let log), .failed(let log):
                throw .file(code: "grid.start_failed", message: "the embedded grid's \(name) did not start: \(log.split(separator: "\n").suffix(3).joined(separator: " | "))")
            }
        }
    }

    /// Tries of a node whose port is held: 20, a quarter of a second apart.
    static let heldPortTries = 20

    /// How one start of a node ended.
    private enum Launch {
        case serving(NURL)
        /// It could not listen: its port is held. What it logged.
        case addressInUse(String)
        case failed(String)
    }

    /// Spawns the node once and waits for its NURL, or for it to end.
    private func launch(_ name: String, _ arguments: [String], environment: [String: String], timeout: Double) async throws(TransferError) -> Launch {
        let node = path(name), logPath = directory + "/\(name).log"
        try? FileManager.default.removeItem(atPath: node + "/node.url")
        let logged = (try? FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int) ?? 0
        let pid = try DetachedProcess.spawn(executable, arguments, environment: environment, log: logPath)
        do { try Directory.create(node) } catch { throw .file(error) }
        try? Directory.writeAtomically(Array("\(pid)\n".utf8), to: node + "/node.pid")
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: node + "/node.url", encoding: .utf8),
               let nurl = try? NURL(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return .serving(nurl)
            }
            guard DetachedProcess.isAlive(pid) else { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        // What this start logged (the log is appended to by every start).
        let log = (try? Data(contentsOf: URL(fileURLWithPath: logPath))).map { String(decoding: $0.dropFirst(logged), as: UTF8.self) } ?? ""
        return log.contains("node.address_in_use") ? .addressInUse(log) : .failed(log)
    }
}
