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
        let out = Spawning.pipe(), err = Spawning.pipe()
        process.standardOutput = out
        process.standardError = err
        try launch(process)
        let deadline = ChildDeadline(process, "ferry \(arguments.joined(separator: " "))", seconds: commandLimit,
                                     output: out.fileHandleForReading.fileDescriptor)
        // Read standard error on a thread of its own, so neither pipe can fill up and block.
        let errData = Mutex(Data())
        let errors = err.fileHandleForReading
        let readingErrors = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            errData.withLock { $0 = errors.readDataToEndOfFile() }
            readingErrors.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        readingErrors.wait()
        deadline.waitForExit(process)
        return Result(status: process.terminationStatus, stdoutData: outData,
                      stderr: String(decoding: errData.withLock { $0 }, as: UTF8.self))
    }

    /// How long one command may take before ``ChildDeadline`` prints its threads and kills it:
    /// far beyond any command of the tests, and well inside scripts/watchdog's limit for
    /// a phase, so a hang says where it is.
    static let commandLimit = 480.0

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

        /// Sends `signal` and waits for the process to end (a minute at most: then
        /// ``ChildDeadline`` says what it was doing and kills it).
        func kill(signal: Int32) {
            let deadline = ChildDeadline(process, "\(description) after signal \(signal)", seconds: 60)
            Glibc.kill(process.processIdentifier, signal)
            deadline.waitForExit(process)
        }

        /// Waits for the process to end by itself (``commandLimit`` at most).
        func waitForExit() {
            ChildDeadline(process, description, seconds: FerryProcess.commandLimit).waitForExit(process)
        }

        private var description: String { "ferry " + (process.arguments ?? []).joined(separator: " ") }
    }

    /// Starts ferry in the background; its standard error goes to `errorLog` if given, its
    /// standard output to `outputLog` (or the handle `output`), its standard input comes from
    /// the file `input`.
    static func start(_ arguments: [String], program: URL = executable, environment: [String: String] = [:], errorLog: String? = nil,
                      outputLog: String? = nil, output: FileHandle? = nil, input: String? = nil) throws -> Running {
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
        if let outputLog, FileManager.default.createFile(atPath: outputLog, contents: nil), let log = FileHandle(forWritingAtPath: outputLog) {
            process.standardOutput = log
        }
        if let output { process.standardOutput = output }
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
        try Spawning.run(process)
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
