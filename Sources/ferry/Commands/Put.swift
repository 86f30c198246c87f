import ArgumentParser
import Synchronization
import FerryClient
import FerryCore
import FerryStorage
import Foundation

/// `ferry put FILE...`: upload through the helper, retrying and resuming by itself.
struct Put: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upload files; print each one's cap.",
        discussion: """
            The file is encrypted here (its key comes from its contents and your convergence \
            secret); the helper receives only ciphertext, keeps whatever arrived across any \
            disconnect, and is asked where to go on after every break. With no helper \
            configured, the embedded local grid is started and used. Each upload is recorded \
            in the journal: if this command is stopped (Ctrl-C, a lost ssh session, kill -9), \
            run it again or `ferry resume` to go on. When the background agent runs (`ferry \
            agent`), the uploads are handed to it and this command shows their progress; \
            Ctrl-C then leaves them running there. Caps are printed on standard output, one \
            line per file that finished, in order (--json pairs each cap with its file); \
            progress goes to standard error. A file that cannot be \
            read is said there at once and not queued; the others go ahead. `-` uploads \
            standard input (`tar c DIR | ferry put - --name DIR.tar`): it is read to its end \
            into the state directory first, since an upload reads its file more than once, and \
            removed there when the upload is done or removed.
            """
    )

    @Argument(help: "Files to upload; - for standard input.") var files: [String]
    @Option(name: .long, help: "The name standard input (-) is listed under (default: stdin).") var name: String?
    @Flag(name: .long, help: "Print events as JSON lines on standard output (the caps too).") var json = false
    @OptionGroup var priority: PriorityOption

    func validate() throws {
        // An empty argument (an unset shell variable) is not the current directory.
        if files.contains("") { throw ValidationError("an empty file name was given (an unset variable?); name the files to upload") }
        guard files.contains("-") else {
            if name != nil { throw ValidationError("--name names standard input (-), which is not among the files") }
            return
        }
        if let problem = name.flatMap(StdinSpool.nameProblem) { throw ValidationError(problem) }
        guard files.filter({ $0 == "-" }).count == 1 else { throw ValidationError("- can be given once: standard input is read once") }
        if let refusal = StandardInputUpload.refusal(isTerminal: isatty(0) != 0, wasClosed: StandardStreams.inputWasClosed) { throw ValidationError(refusal) }
    }

    func run() async throws {
        do {
            let (config, clientPaths) = try ClientSetup.settings()
            let style: ProgressLine.Style = json ? .json : isatty(2) != 0 ? .terminal : .plain
            let stdinName = name ?? "stdin"
            var spool: StdinSpool?
            var paths: [String] = []
            for file in files {
                if file == "-" {
                    spool = try await StandardInputUpload.spool(name: stdinName, stateDirectory: clientPaths.stateDirectory, style: style)
                }
                paths.append(file == "-" ? spool!.path : URL(fileURLWithPath: file).standardizedFileURL.path)
            }
            // A file that cannot be read now is said at once and never queued (a typo must
            // not leave a failed transfer behind); the others go ahead.
            var failure: String?
            var readable: [(file: String, path: String)] = []
            var literalOnly = true  // files kept in their caps need no grid, or its start
            for (given, path) in zip(files, paths) {
                let file = given == "-" ? stdinName : given  // as messages name it
                do {
                    let source = try UploadSource(path: path)
                    literalOnly = literalOnly && LiteralCap.holds(size: source.size)
                    readable.append((file, path))
                } catch {
                    Self.refuse(file, error, json: json)
                    failure = failure ?? error.code
                }
            }
            var finished: [TransferSnapshot] = []
            let elsewhere = Mutex<[TransferRequest]>([])
            if !readable.isEmpty {
                let setup = try await ClientSetup.resolving(config, paths: clientPaths, needsGrid: !literalOnly, quietly: false)
                guard setup.helper != nil || literalOnly else { throw ConfigError.badValue(key: "grid.helper", reason: "no helper is configured") }
                var session = EngineSession(setup: setup, style: style, kinds: ["upload"])
                // One being uploaded by another ferry is refused; the others go ahead.
                session.refused = { [readable, json] request, error in
                    guard let file = readable.first(where: { request == .upload(path: $0.path) })?.file else { return }
                    Self.refuse(file, error, json: json)
                    elsewhere.withLock { $0.append(request) }
                }
                session.sameCommandResumes = spool == nil
                session.viaAgent = !literalOnly
                // Stopped by a signal: the files already uploaded still get their caps.
                session.finishedBeforeStop = { [readable, json] done in
                    for (file, path) in readable {
                        guard let cap = done.first(where: { $0.entry.request == .upload(path: path) })?.entry.cap else { continue }
                        Self.printDone(file: file, cap: cap, json: json)
                    }
                }
                finished = try await session.run(adding: readable.map { .upload(path: $0.path) }, priority: priority.value)
            }
            let refusedHere = elsewhere.withLock { $0 }
            if !refusedHere.isEmpty { failure = failure ?? "transfer.running" }
            for (file, path) in readable where !refusedHere.contains(.upload(path: path)) {
                // By request, not by position: a transfer removed meanwhile (`ferry rm`) is missing.
                guard let transfer = finished.first(where: { $0.entry.request == .upload(path: path) }) else {
                    let code = TransferSnapshot.reportRemoved(as: file, json: json ? ["file": file] : nil)
                    failure = failure ?? code
                    continue
                }
                if transfer.state == .done, let cap = transfer.entry.cap {
                    if let spool, spool.path == path { spool.discard() }
                    Self.printDone(file: file, cap: cap, json: json)
                } else if let code = transfer.reportUnfinished(as: file) {
                    failure = failure ?? code
                }
            }
            if let failure { throw FerryExit.status(code: failure) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error, json: json)
        }
    }

    /// A file refused before it was queued.
    static func refuse(_ file: String, _ error: TransferError, json: Bool) {
        sayRefused(file, error, json: json, naming: ["file": file])
    }

    /// A file's result: its cap, or with `--json` its `done` event.
    static func printDone(file: String, cap: String, json: Bool) {
        printNow(json ? jsonLine(["event": "done", "file": file, "cap": cap]) ?? cap : cap)
    }
}
