import Foundation

/// Runs Python code in the venv that holds the real `tahoe-lafs` and `zfec` packages
/// (made by `scripts/setup --test`; `$FERRY_FIXTURE_VENV` overrides its place).
public enum TahoePython {
    public static var executable: String {
        let environment = ProcessInfo.processInfo.environment
        if let venv = environment["FERRY_FIXTURE_VENV"] {
            return (venv.hasPrefix("/") ? venv : repositoryRoot + "/" + venv) + "/bin/python"
        }
        return repositoryRoot + "/Tests/Fixtures/.venv/bin/python"
    }

    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs `code` with `arguments` (as `sys.argv[1:]`); returns standard output, throws on a
    /// non-zero exit with standard error in the message.
    /// The wait happens off Swift's task pool (``OffThePool``).
    public static func run(_ code: String, arguments: [String] = []) async throws -> String {
        try await OffThePool.run { try runBlocking(code, arguments: arguments) }
    }

    /// ``run(_:arguments:)`` on the calling thread, for setup that is itself run off the pool.
    public static func runBlocking(_ code: String, arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", code] + arguments
        let out = Spawning.pipe(), err = Spawning.pipe()
        process.standardOutput = out
        process.standardError = err
        try Spawning.run(process)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        Spawning.waitForExit(process)
        guard process.terminationStatus == 0 else {
            throw Failure(message: "python exited \(process.terminationStatus): " + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
