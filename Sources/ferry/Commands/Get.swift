import ArgumentParser
import Synchronization
import FerryClient
import FerryCore
import FerryStorage
import Foundation
import NIOCore

/// `ferry get CAP -o PATH`: download from the storage servers, retrying and resuming by
/// itself.
struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download a file by its cap.",
        discussion: """
            Blocks are fetched from the storage servers holding the file's shares, checked \
            against the cap, decoded and decrypted here. The file is written as PATH.part \
            (with PATH.part.ferry recording which segments are in); run the same command \
            again after any interruption and it goes on from there (segments kept from an \
            earlier run are checked again, with the whole file, before it is finished). The \
            finished file is synced and renamed to PATH. An existing PATH is kept unless \
            --force is given (a symbolic link is then replaced, not followed). A device or \
            pipe that exists, such as /dev/null, is written to as it is, in order, and never \
            replaced. When the background agent runs (`ferry agent`), the download \
            is handed to it and this command shows its progress. With -o -, the file is \
            written to standard output, in order, by this command.
            """
    )

    @Argument(help: "The file's read cap (URI:CHK:… or URI:LIT:…).") var cap: String
    @Option(name: .shortAndLong, help: "Where to write the file (a directory: under the name it was put with from here); - for standard output.") var output: String
    @Flag(name: .long, help: "Replace PATH if it exists.") var force = false
    @OptionGroup var priority: PriorityOption
    @Flag(name: .long, help: "Print events as JSON lines (on standard output; on standard error with -o -).") var json = false

    func validate() throws {
        // An unset variable: the download was journaled as the current directory's name.
        if output.isEmpty { throw ValidationError("-o was given an empty path (an unset variable?); name where to write the file") }
    }

    func run() async throws {
        // Standard output named by a path is written as -o - is (never replaced).
        let output = StandardStreams.isStandardOutput(output) ? "-" : output
        // With --json, an error ends in an event too: `refused` before anything was fetched
        // or queued (as `put` says of a file it cannot read), `failed` once it had begun.
        var event = "refused"
        // A stream's events each name it (`"file"`), the last one too; a journaled download's
        // are `transfer` events, and one failing as a whole names nothing.
        var stream: String? = output == "-" ? "stdout" : nil
        do {
            let parsed = try DownloadCheck.cap(cap)
            if output == "-", StandardStreams.outputWasClosed {
                throw TransferError.file(code: "file.unwritable", message: "standard output is closed; give -o PATH, or run ferry with its output open")
            }
            let journal = try? Journal(path: ClientPaths(environment: ProcessInfo.processInfo.environment).journal)
            let output = output == "-" ? output : try DownloadCheck.named(output, cap: parsed.description, journal: journal)
            let destination = try Self.destination(output, force: force)
            let name = output == "-" ? "stdout" : (output as NSString).lastPathComponent
            if case .stream = destination { stream = name }
            let reporter = DownloadReporter(name: name, style: json ? (output == "-" ? .jsonOnStandardError : .json) : isatty(2) != 0 ? .terminal : .plain)
            event = "failed"
            if case .literal = parsed {
                // A literal cap holds the file itself: no grid is needed, or started.
                try await Downloader(servers: []).download(parsed, to: destination) { reporter.handle($0) }
                return reporter.finish()
            }
            let setup = try await ClientSetup.load(needsHelper: false)
            guard !setup.storage.isEmpty else {
                throw ConfigError.file(path: setup.paths.config, .badValue(key: "grid.storage", reason: "no storage servers are configured to download from: list their NURLs there, or in FERRY_STORAGE"))
            }
            guard case .file(let path) = destination else { return try await Self.stream(parsed, to: destination, setup: setup, reporter: reporter) }
            // A file: through the journal, so an interrupted download goes on with `ferry resume`
            // (or this command again).
            let style: ProgressLine.Style = json ? .json : isatty(2) != 0 ? .terminal : .plain
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            var session = EngineSession(setup: setup, style: style, kinds: ["download"])
            let refusal = Mutex<TransferError?>(nil)  // downloaded there by another ferry
            session.refused = { _, error in refusal.withLock { $0 = error } }
            let finished = try await session.run(adding: [.download(cap: parsed.description, destination: absolute)], priority: priority.value)
            if let error = refusal.withLock({ $0 }) { throw error }
            guard let transfer = finished.first else {
                throw FerryExit.status(code: TransferSnapshot.reportRemoved(as: name, json: json ? ["name": name] : nil))
            }
            if let code = transfer.reportUnfinished(as: name) { throw FerryExit.status(code: code) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let failed = Failure(error)
            let code = failed.code ?? "transfer.failed"
            // Said once: as a JSON event where events go, else as the error line. With -o -
            // both would share standard error; a reader that went away (`| head`) is the end
            // of a pipeline, said by the status alone, as `cat` does.
            let streamEvents = json && output == "-"
            if !streamEvents, code != TransferError.outputClosed { printError(failed.line) }
            // Another download writing the output: not queued at all, as an existing output is not.
            var fields: [String: Any] = ["event": code == "file.in_use" ? "refused" : event, "code": code, "message": failed.message]
            if let stream { fields["file"] = stream }
            if json, let event = jsonLine(fields) {
                if output == "-" { printError(event) } else { printNow(event) }
            }
            throw failed.status
        }
    }

    /// Downloads to standard output, a device or a pipe, in order (not journaled: a stream
    /// cannot be resumed).
    static func stream(_ cap: Cap, to destination: DownloadDestination, setup: ClientSetup, reporter: DownloadReporter) async throws {
        let idle = TimeAmount.seconds(Int64(setup.config.idleTimeout))
        let http = StorageClient.makeHTTPClient(idleTimeout: idle)
        var downloader = Downloader(servers: setup.storage.map { StorageClient(nurl: $0, http: http, idleTimeout: idle) }, retry: setup.config.retry)
        if setup.config.rateLimit > 0 {  // the config's limit holds here too, though no engine runs this
            let limiter = RateLimiter(global: setup.config.rateLimit, clock: TransferEngine.monotonicSeconds)
            downloader.grant = { try await limiter.grant(0, $0) }
        }
        do {
            try await downloader.download(cap, to: destination) { reporter.handle($0) }
            await QuickShutdown.run(http)
        } catch {
            await QuickShutdown.run(http)
            reporter.line.finish()  // the bar cleared: a shell's next output started after it
            throw error
        }
        reporter.finish()
    }

    /// The destination for `-o`: an existing file is an error without `force`, a directory
    /// always; an existing device or pipe (`/dev/null`, a FIFO) is written in order, like
    /// standard output, and never replaced.
    static func destination(_ output: String, force: Bool) throws(TransferError) -> DownloadDestination {
        if output == "-" { return .standardOutput }
        try DownloadCheck.destination(output)  // not a directory, and its directory exists
        switch PathKind(of: output, following: true) {
        case .absent:
            try DownloadCheck.writable(beside: output)
            return .file(output)
        case .stream: return .stream(output)
        case .file, .link:
            if !force { throw .file(code: "file.exists", message: "\(output) exists; remove it or give --force to replace it") }
            try DownloadCheck.writable(beside: output)
            return .file(output)
        case .other: throw .file(code: "file.not_regular", message: "\(output) exists and is not a regular file, a device or a pipe; give another path")
        }
    }
}
