import Foundation

/// A small grid of real Tahoe-LAFS 1.20 nodes on loopback (introducer, storage nodes, a
/// client with the web API), run by `Tests/Fixtures/tahoe-grid.sh`; stopped at deinit.
public final class TahoeGrid: @unchecked Sendable {
    public let directory: String
    /// The storage nodes' NURLs.
    public let storage: [String]
    /// The client node's directory, for `tahoe -d`.
    public let client: String

    static let script = TahoePython.repositoryRoot + "/Tests/Fixtures/tahoe-grid.sh"
    static var tahoe: String { URL(fileURLWithPath: TahoePython.executable).deletingLastPathComponent().appendingPathComponent("tahoe").path }

    /// Starts `storage` storage nodes and a client encoding `needed`-of-`total` with
    /// `happy`, whose convergence secret is `convergence` (base32).
    /// Waits off Swift's task pool (``OffThePool``).
    public static func start(directory: String, storage count: Int, needed: Int, happy: Int, total: Int, convergence: String) async throws -> TahoeGrid {
        try await OffThePool.run {
            try TahoeGrid(directory: directory, storage: count, needed: needed, happy: happy, total: total, convergence: convergence)
        }
    }

    private init(directory: String, storage count: Int, needed: Int, happy: Int, total: Int, convergence: String) throws {
        self.directory = directory
        let output: String
        do {
            output = try Self.run(Self.script, ["start", directory, "\(count)", "\(needed)", "\(happy)", "\(total)", convergence])
        } catch {
            // Some nodes may be up (one too slow to answer failed the start): stopped, not left
            // running after the test (seen after a start under load, session 20).
            _ = try? Self.run(Self.script, ["stop", directory])
            throw error
        }
        var storage: [String] = []
        var client = ""
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { continue }
            if fields[0] == "storage" { storage.append(fields[1]) }
            if fields[0] == "client" { client = fields[1] }
        }
        self.storage = storage
        self.client = client
        stopping = CleanupOnce { [script = Self.script] in _ = try? Self.run(script, ["stop", directory]) }
    }

    private let stopping: CleanupOnce

    /// Stops the nodes, waiting off Swift's task pool; deinit stops them otherwise.
    public func stop() async { await stopping.run() }

    deinit { stopping.runNow() }

    /// Runs `tahoe -d CLIENT arguments...`; returns standard output.
    public func tahoe(_ arguments: [String]) async throws -> String {
        let (tahoe, client) = (Self.tahoe, client)
        return try await OffThePool.run { try Self.run(tahoe, ["-d", client] + arguments) }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Spawning.pipe()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tahoe-grid-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: log)
        try Spawning.run(process)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        Spawning.waitForExit(process)
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TahoePython.Failure(message: "\((executable as NSString).lastPathComponent) \(arguments.prefix(3).joined(separator: " ")) exited \(process.terminationStatus): \(errors.suffix(3000))")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
