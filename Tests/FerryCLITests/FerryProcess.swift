import FerryTestSupport
import Foundation
import Synchronization

/// Runs the built `ferry` executable (found next to the test runner, or at $FERRY_BIN).
struct FerryProcess {
    struct Result: Sendable {
        let status: Int32
        let stdoutData: Data
        let stderr: String
        var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    }

    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["FERRY_BIN"] { return URL(fileURLWithPath: path) }
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("ferry").path), directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("ferry")
    }()

    /// Runs `program` (ferry unless told otherwise) to completion, capturing its output;
    /// `environment` adds to (or overrides) the test's own; `input` is a file given as
    /// its standard input. The wait happens off Swift's task pool (``OffThePool``).
    static func run(_ arguments: [String], program: URL = executable, environment: [String: String] = [:], input: String? = nil) async throws -> Result {
        try await OffThePool.run { try runBlocking(arguments, program: program, environment: environment, input: input) }
    }

    /// ``run(_:program:environment:)`` on the calling thread: for `defer` and `deinit`, which cannot wait.
    static func runBlocking(_ arguments: [String], program: URL = executable, environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try launch(process)
        // Read standard error on another thread, so neither pipe can fill up and block.
        let errData = Mutex(Data())
        let reading = DispatchGroup()
        let errors = err.fileHandleForReading
        DispatchQueue.global().async(group: reading) { errData.withLock { $0 = errors.readDataToEndOfFile() } }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdoutData: outData,
                      stderr: String(decoding: errData.withLock { $0 }, as: UTF8.self))
    }

    /// Runs `body`, then `ferry grid stop` with `environment` (waiting off the pool), whether
    /// `body` threw or not: the async stand-in for a `defer`, which could only block.
    static func stoppingGrid(_ environment: [String: String], _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            _ = try? await run(["grid", "stop"], environment: environment)
            throw error
        }
        _ = try? await run(["grid", "stop"], environment: environment)
    }

    /// A `ferry` left running (output discarded), to be killed.
    struct Running: @unchecked Sendable {
        let process: Process

        func kill(signal: Int32) {
            Glibc.kill(process.processIdentifier, signal)
            process.waitUntilExit()
        }
    }

    /// Starts ferry in the background; its standard error goes to `errorLog` if given, its
    /// standard input comes from the file `input` if given.
    static func start(_ arguments: [String], program: URL = executable, environment: [String: String] = [:], errorLog: String? = nil,
                      input: String? = nil) throws -> Running {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if let errorLog, FileManager.default.createFile(atPath: errorLog, contents: nil), let log = FileHandle(forWritingAtPath: errorLog) {
            process.standardError = log
        }
        try launch(process)
        return Running(process: process)
    }

    /// Starts `process` with no signal blocked: a child inherits the starting thread's
    /// signal mask, and the test runner's threads block most signals — a tmux server
    /// started that way never sees the SIGTERM `kill-server` sends itself, and stays (with
    /// its screens) after the test.
    static func launch(_ process: Process) throws {
        var none = sigset_t(), old = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        try process.run()
    }
}

extension Scratch {
    /// A ferry of its own in this directory: its config, journal and embedded grid.
    var ferryEnvironment: [String: String] {
        ["FERRY_CONFIG": path("config.toml"), "FERRY_STATE_DIR": path("state"), "FERRY_GRID_DIR": path("grid")]
    }
}

/// A fresh temporary directory, removed at deinit.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { if ProcessInfo.processInfo.environment["FERRY_TEST_KEEP"] == nil { try? FileManager.default.removeItem(at: url) } }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: url.appendingPathComponent(name))) }
}

func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    PatternBytes.random(count, seed: seed)
}
