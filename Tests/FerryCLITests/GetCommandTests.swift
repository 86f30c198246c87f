import FaultProxy
import FerryClient
import FerryCore
import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// `ferry get` as people use it: after `ferry put` on the embedded grid, to a file, to
/// standard output, again after a kill -9, and with bad input.
@Suite(.serialized) struct GetCommandTests {
    /// A newcomer's settings, in `scratch`: the config where it would be made on first use
    /// (its directory exists, as `~/.config` does), the state and the embedded grid.
    static func environment(_ scratch: Scratch) -> [String: String] {
        try? FileManager.default.createDirectory(atPath: scratch.path("config"), withIntermediateDirectories: true)
        return ["FERRY_CONFIG": scratch.path("config/config.toml"), "FERRY_STATE_DIR": scratch.path("state"), "FERRY_GRID_DIR": scratch.path("grid")]
    }

    /// Replaces `setting` with `changed` in the config file (a line as the first use wrote it).
    static func editConfig(_ environment: [String: String], _ setting: String, _ changed: String) throws {
        let config = try String(contentsOfFile: environment["FERRY_CONFIG"]!, encoding: .utf8)
        #expect(config.contains(setting), "the config has \(setting)")
        try config.replacingOccurrences(of: setting, with: changed).write(toFile: environment["FERRY_CONFIG"]!, atomically: true, encoding: .utf8)
    }

    static func put(_ file: String, _ environment: [String: String]) async throws -> String {
        let put = try await FerryProcess.run(["put", file], environment: environment)
        #expect(put.status == 0, "\(put.stderr)")
        return put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aPutFileComesBackToAFileAndToStandardOutput() async throws {
        let scratch = try Scratch()
        let environment = Self.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(3_100_000, times: 69069 >> 7)
            let cap = try await Self.put(try scratch.write("report.pdf", plaintext), environment)
            let copy = scratch.path("copy.pdf")
            let get = try await FerryProcess.run(["get", cap, "-o", copy], environment: environment)
            #expect(get.status == 0, "\(get.stderr)")
            #expect(FileManager.default.contents(atPath: copy) == Data(plaintext))
            #expect(!FileManager.default.fileExists(atPath: copy + ".part") && !FileManager.default.fileExists(atPath: copy + ".part.ferry"))
            // An existing file is kept unless --force.
            try Data("mine".utf8).write(to: URL(fileURLWithPath: copy))
            let refused = try await FerryProcess.run(["get", cap, "-o", copy], environment: environment)
            #expect(refused.status == 73 && refused.stderr.contains("file.exists"), "\(refused.stderr)")
            #expect(FileManager.default.contents(atPath: copy) == Data("mine".utf8), "the existing file is untouched")
            let forced = try await FerryProcess.run(["get", cap, "-o", copy, "--force"], environment: environment)
            #expect(forced.status == 0 && FileManager.default.contents(atPath: copy) == Data(plaintext), "\(forced.stderr)")
            // Into a directory: under the name it was put with from here.
            try FileManager.default.createDirectory(atPath: scratch.path("restore"), withIntermediateDirectories: false)
            let into = try await FerryProcess.run(["get", cap, "-o", scratch.path("restore")], environment: environment)
            #expect(into.status == 0 && FileManager.default.contents(atPath: scratch.path("restore/report.pdf")) == Data(plaintext), "\(into.stderr)")
            // Standard output, with JSON events on standard error.
            let streamed = try await FerryProcess.run(["get", cap, "-o", "-", "--json"], environment: environment)
            #expect(streamed.status == 0 && streamed.stdoutData == Data(plaintext), "\(streamed.stderr)")
            #expect(streamed.stderr.contains("\"event\":\"verifying\""), "\(streamed.stderr)")
            // A pipe (or a device such as /dev/null) is written to as it is: not refused as an
            // existing file, and never replaced, even with --force.
            let pipe = scratch.path("pipe")
            #expect(mkfifo(pipe, 0o600) == 0)
            let reader = Task { try await OffThePool.run { FileHandle(forReadingAtPath: pipe)?.readDataToEndOfFile() } }
            let piped = try await FerryProcess.run(["get", cap, "-o", pipe, "--force"], environment: environment)
            let nudge = open(pipe, O_WRONLY | O_NONBLOCK)  // lets the reader go had ferry not opened the pipe
            if nudge >= 0 { close(nudge) }
            #expect(piped.status == 0, "\(piped.stderr)")
            #expect(try await reader.value == Data(plaintext))
            var info = stat()
            #expect(lstat(pipe, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the pipe is still a pipe")
            // A literal cap needs no grid at all.
            let lit = try await FerryProcess.run(["get", LiteralCap(data: Array("hello".utf8)).description, "-o", "-"],
                                           environment: ["FERRY_CONFIG": scratch.path("other.toml"), "FERRY_STATE_DIR": scratch.path("state"), "FERRY_GRID_DIR": scratch.path("nogrid")])
            #expect(lit.status == 0 && lit.stdout == "hello", "\(lit.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.path("nogrid")), "no grid was started for a LIT cap")
        }
    }

    /// A reader that leaves early (`| head`, a pager quit) ends the pipeline as it ends `cat`:
    /// status 141 and no error line (it said `file.unwritable: … Broken pipe`, exit 74); with
    /// --json the `failed` event says `output.closed`, and no plain line joins the events on
    /// standard error. A standard stream closed at the start is refused: its number had been
    /// taken by the runtime's epoll descriptor, and the file's bytes were written to that.
    @Test func aReaderThatLeavesEarlyEndsTheGetQuietlyAndClosedStreamsAreRefused() async throws {
        let scratch = try Scratch()
        let environment = Self.environment(scratch)
        let bash = URL(fileURLWithPath: "/bin/bash")
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(4_500_000, times: 48_271)
            let cap = try await Self.put(try scratch.write("video.ts", plaintext), environment)
            let ferry = FerryProcess.executable.path
            let head = try await FerryProcess.run(["-c", "\"$0\" get \"$1\" -o - | head -c 100 > /dev/null; echo ${PIPESTATUS[0]}", ferry, cap],
                                                  program: bash, environment: environment)
            #expect(head.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "141" && !head.stderr.contains("error"), "\(head.stdout) \(head.stderr)")
            let json = try await FerryProcess.run(["-c", "\"$0\" get \"$1\" -o - --json | head -c 100 > /dev/null; echo ${PIPESTATUS[0]}", ferry, cap],
                                                  program: bash, environment: environment)
            let lines = json.stderr.split(separator: "\n")
            #expect(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "141", "\(json.stdout)")
            #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("{") }, "only JSON on standard error: \(json.stderr)")
            #expect(lines.last?.contains("\"code\":\"output.closed\"") == true && lines.last?.contains("\"event\":\"failed\"") == true
                    && lines.last?.contains("\"file\":\"stdout\"") == true, "the last event names the stream as the others do: \(json.stderr)")
            // A full standard output is said as `put` and `ls` say it (file.no_space told to resume).
            let full = try await FerryProcess.run(["-c", "\"$0\" get \"$1\" -o - --json > /dev/full; echo $?", ferry, cap], program: bash, environment: environment)
            #expect(full.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "74"
                    && full.stderr.split(separator: "\n").last?.contains("\"code\":\"output.unwritable\"") == true, "\(full.stdout) \(full.stderr)")
            let closedOutput = try await FerryProcess.run(["-c", "\"$0\" get \"$1\" -o - >&-; echo $?", ferry, cap], program: bash, environment: environment)
            #expect(closedOutput.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "74"
                    && closedOutput.stderr.contains("file.unwritable: standard output is closed"), "\(closedOutput.stdout) \(closedOutput.stderr)")
            // A cap printed into a closed standard output is lost: said, not exit 0.
            let closedPut = try await FerryProcess.run(["-c", "\"$0\" put \"$1\" >&-; echo $?", ferry, scratch.path("video.ts")], program: bash, environment: environment)
            #expect(closedPut.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "74"
                    && closedPut.stderr.contains("output.unwritable: standard output is closed; finished uploads keep their caps"), "\(closedPut.stdout) \(closedPut.stderr)")
            // Standard output named by a path (/dev/stdout, a link to it) is written as -o -,
            // never refused as existing nor replaced with --force.
            let named = try await FerryProcess.run(["-c", "\"$0\" get \"$1\" -o /dev/stdout > \"$2\"; echo $?", ferry, cap, scratch.path("named.out")],
                                                   program: bash, environment: environment)
            #expect(named.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0" && (try? Data(contentsOf: URL(fileURLWithPath: scratch.path("named.out")))) == Data(plaintext),
                    "\(named.stdout) \(named.stderr)")
            try FileManager.default.createSymbolicLink(atPath: scratch.path("mystdout"), withDestinationPath: "/proc/self/fd/1")
            let linked = try await FerryProcess.run(["-c", "\"$0\" get \"$1\" -o \"$2\" --force > \"$3\"; echo $?", ferry, cap, scratch.path("mystdout"), scratch.path("linked.out")],
                                                    program: bash, environment: environment)
            #expect(linked.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0" && (try? Data(contentsOf: URL(fileURLWithPath: scratch.path("linked.out")))) == Data(plaintext),
                    "\(linked.stdout) \(linked.stderr)")
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: scratch.path("mystdout"))) == "/proc/self/fd/1", "the link is kept")
            let closedInput = try await FerryProcess.run(["-c", "\"$0\" put - <&-; echo $?", ferry], program: bash, environment: environment)
            #expect(closedInput.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "64"
                    && closedInput.stderr.contains("standard input, which is closed here"), "\(closedInput.stdout) \(closedInput.stderr)")
        }
    }

    /// The config's rate limit holds for a download streamed to standard output (or a
    /// device), which runs without the engine: it once went at full speed. A lower bound
    /// on the time only (a busy machine can only make it slower).
    @Test func theRateLimitHoldsForAStreamedDownload() async throws {
        let scratch = try Scratch()
        let environment = Self.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(900_000, times: 40_503)
            let cap = try await Self.put(try scratch.write("notes.tar", plaintext), environment)
            try Self.editConfig(environment, "rate_limit = \"0\"", "rate_limit = \"300K\"")
            let started = ContinuousClock.now
            let streamed = try await FerryProcess.run(["get", cap, "-o", "-"], environment: environment)
            let elapsed = ContinuousClock.now - started
            #expect(streamed.status == 0 && streamed.stdoutData == Data(plaintext), "\(streamed.stderr)")
            // 900 KB at 300 KiB/s: 2.9 s, less a quarter second's burst.
            #expect(elapsed >= .milliseconds(2_500), "\(elapsed)")
        }
    }

    @Test func badCapsMissingFilesAndBadDestinationsAreClearErrors() async throws {
        let scratch = try Scratch()
        let environment = Self.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let malformed = try await FerryProcess.run(["get", "URI:CHK:nonsense", "-o", scratch.path("x")], environment: environment)
            #expect(malformed.status == 65 && malformed.stderr.contains("transfer.bad_cap"), "\(malformed.stderr)")
            let pasted = try await FerryProcess.run(["get", "hello", "-o", scratch.path("x")], environment: environment)
            #expect(pasted.status == 65 && pasted.stderr.contains("a read cap starts with URI:CHK: or URI:LIT:")
                    && !pasted.stderr.contains("Verifier"), "only caps that can be downloaded are named: \(pasted.stderr)")
            let directoryCap = try await FerryProcess.run(["get", "URI:DIR2:aaaa:bbbb", "-o", scratch.path("x")], environment: environment)
            #expect(directoryCap.status == 65 && directoryCap.stderr.contains("URI:DIR2: is a directory's cap")
                    && !directoryCap.stderr.contains("Verifier"), "\(directoryCap.stderr)")
            let unknown = CHKReadCap(key: Array(repeating: 9, count: 16), uriExtensionHash: Array(repeating: 3, count: 32), needed: 3, total: 10, size: 500_000)
            let missing = try await FerryProcess.run(["get", unknown.description, "-o", scratch.path("y")], environment: environment)
            #expect(missing.status == 66 && missing.stderr.contains("transfer.not_found"), "\(missing.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.path("y")))
            let directory = try await FerryProcess.run(["get", unknown.description, "-o", scratch.path("config")], environment: environment)
            #expect(directory.status == 73 && directory.stderr.contains("file.is_directory") && directory.stderr.contains("the cap names no file"),
                    "a cap never put from here has no name: \(directory.stderr)")
            let verify = try await FerryProcess.run(["get", CHKVerifyCap(storageIndex: try StorageIndex(bytes: Array(repeating: 1, count: 16)),
                                                                  uriExtensionHash: Array(repeating: 3, count: 32), needed: 3, total: 10, size: 500_000).description,
                                               "-o", scratch.path("z")], environment: environment)
            #expect(verify.status == 65 && verify.stderr.contains("transfer.bad_cap"), "\(verify.stderr)")
            let usage = try await FerryProcess.run(["get", "URI:LIT:"], environment: environment)
            #expect(usage.status == 64, "-o is required")
            let noDirectory = try await FerryProcess.run(["get", unknown.description, "-o", scratch.path("no such dir/x")], environment: environment)
            #expect(noDirectory.status == 73 && noDirectory.stderr.contains("file.no_directory"), "\(noDirectory.stderr)")
            // A directory no file can be made in is said before any server is asked, and
            // nothing is queued (it failed after the servers, and stayed in the queue).
            let unwritable = try await FerryProcess.run(["get", unknown.description, "-o", "/proc/ferry-test.out"], environment: environment)
            #expect(unwritable.status == 74 && unwritable.stderr.contains("file.unwritable: cannot write in /proc"), "\(unwritable.stderr)")
            let queued = try await FerryProcess.run(["ls", "--json"], environment: environment)
            #expect(!queued.stdout.contains("ferry-test.out"), "\(queued.stdout)")
            // A trailing slash names a directory (it wrote a file named `newdir`); `~` unexpanded
            // by a shell is a name like any other (it crashed Foundation's path code).
            let slash = try await FerryProcess.run(["get", "URI:LIT:nbswy3dpbi", "-o", scratch.path("newdir") + "/"], environment: environment)
            #expect(slash.status == 73 && slash.stderr.contains("file.no_directory") && !FileManager.default.fileExists(atPath: scratch.path("newdir")),
                    "\(slash.stderr)")
            let tilde = try await FerryProcess.run(["-C", scratch.path(""), FerryProcess.executable.path, "get", "URI:LIT:nbswy3dpbi", "-o", "~"],
                                                   program: URL(fileURLWithPath: "/usr/bin/env"), environment: environment)
            #expect(tilde.status == 0 && (try? String(contentsOfFile: scratch.path("~"), encoding: .utf8)) == "hello\n", "\(tilde.stderr)")
            // A helper of its own and no storage servers: nothing to download from, said with
            // the config file to fill in.
            var ownHelper = environment
            ownHelper["FERRY_HELPER"] = NURL(spkiHash: Array(repeating: 5, count: 32), host: "127.0.0.1", port: 9, swissnum: "abc").description
            let noStorage = try await FerryProcess.run(["get", unknown.description, "-o", scratch.path("w")], environment: ownHelper)
            #expect(noStorage.status == 78 && noStorage.stderr.contains("config.bad_value: \(environment["FERRY_CONFIG"]!): grid.storage: no storage servers"),
                    "\(noStorage.stderr)")
            // Refused before anything was queued: the verify cap and the missing directory
            // leave nothing in the journal.
            let listed = try await FerryProcess.run(["ls", "--json"], environment: environment).stdout
            #expect(!listed.contains("no such dir") && !listed.contains("/z\""), "\(listed)")
        }
    }

    /// The embedded grid's storage servers, as `grid status` names them.
    static func storageServers(_ environment: [String: String]) async throws -> [NURL] {
        let status = try await FerryProcess.run(["grid", "status"], environment: environment).stdout
        return try status.split(separator: "\n").filter { $0.hasPrefix("storage") }.map { try NURL(parsing: String($0.split(separator: " ").last!)) }
    }

    /// The embedded grid's storage servers behind proxies passing 1 MB/s each: the proxies,
    /// and an environment that reaches the servers through them.
    static func slowStorage(_ environment: [String: String]) async throws -> ([FaultProxy], [String: String]) {
        let storage = try await storageServers(environment)
        #expect(storage.count == 5)
        let proxies = try storage.map { try FaultProxy(targetPort: $0.port, plan: FaultPlan(bytesPerSecond: 1_000_000)) }
        let slow = zip(storage, proxies).map { NURL(spkiHash: $0.spkiHash, host: "127.0.0.1", port: $1.port, swissnum: $0.swissnum).description }
        var slowEnvironment = environment
        slowEnvironment["FERRY_STORAGE"] = slow.joined(separator: ",")
        return (proxies, slowEnvironment)
    }

    /// A second command reaches each storage server without the handshake that fetches and
    /// checks its certificate: the first command kept it in the state directory (`pins/`).
    /// A kept certificate whose key is not the one the NURL pins is not trusted: fetched again.
    @Test func checkedCertificatesAreKeptForTheNextCommand() async throws {
        let scratch = try Scratch()
        let environment = Self.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(300_000, times: 40_503)
            let cap = try await Self.put(try scratch.write("notes.txt", plaintext), environment)
            let storage = try await Self.storageServers(environment)
            let proxies = try storage.map { try FaultProxy(targetPort: $0.port) }
            var proxied = environment
            proxied["FERRY_STORAGE"] = zip(storage, proxies).map {
                NURL(spkiHash: $0.spkiHash, host: "127.0.0.1", port: $1.port, swissnum: $0.swissnum).description
            }.joined(separator: ",")
            let connections = { proxies.reduce(0) { $0 + $1.connections } }
            func get(_ name: String) async throws -> Int {
                let before = connections()
                let get = try await FerryProcess.run(["get", cap, "-o", scratch.path(name)], environment: proxied)
                #expect(get.status == 0 && FileManager.default.contents(atPath: scratch.path(name)) == Data(plaintext), "\(get.stderr)")
                return connections() - before
            }
            let first = try await get("first")
            let pins = scratch.path("state/pins")
            let kept = try FileManager.default.contentsOfDirectory(atPath: pins).filter { $0.hasSuffix(".der") }
            #expect(kept.count >= storage.count, "the servers' certificates are kept: \(kept)")
            let second = try await get("second")
            // One handshake fewer per server (a race of the connection pool may add one).
            #expect(second <= first - storage.count + 2, "\(first) connections, then \(second)")
            // Each kept file swapped for another's certificate: not trusted, fetched again, kept anew.
            let files = kept.sorted().map { pins + "/" + $0 }
            let contents = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            for (file, other) in zip(files, contents.dropFirst() + contents.prefix(1)) { try other.write(to: URL(fileURLWithPath: file)) }
            let third = try await get("third")
            #expect(third >= second + storage.count - 2, "\(second) connections with kept certificates, \(third) with wrong ones")
            let rewritten = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            #expect(zip(rewritten, contents).filter { $0 == $1 }.count >= storage.count, "the right certificates are kept again")
            withExtendedLifetime(proxies) {}
        }
    }

    /// A storage server frozen (SIGSTOP) before a `get`: left out as slow, and the command
    /// ends once the file is in, not when its connection to the frozen server times out
    /// (with its certificate kept from an earlier command, that connection is the HTTP
    /// client's own, and shutting the client down waited for it: 8 s after "done").
    @Test func aGetEndsSoonAfterItsFileWithAServerFrozen() async throws {
        let scratch = try Scratch()
        let environment = Self.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(300_000, times: 69_069)
            let cap = try await Self.put(try scratch.write("notes.txt", plaintext), environment)
            try Self.editConfig(environment, "idle_timeout = \"10s\"", "idle_timeout = \"60s\"")
            let first = try await FerryProcess.run(["get", cap, "-o", scratch.path("first")], environment: environment)
            #expect(first.status == 0, "\(first.stderr)")
            let status = try await FerryProcess.run(["grid", "status"], environment: environment).stdout
            let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("storage0") })
            let pid = try #require(line.split(separator: "(").dropFirst().first.flatMap { Int32($0.split(separator: " ")[1].filter(\.isNumber)) })
            kill(pid, SIGSTOP)
            defer { kill(pid, SIGCONT) }
            let started = ContinuousClock.now
            let get = try await FerryProcess.run(["get", cap, "-o", scratch.path("second")], environment: environment)
            let took = ContinuousClock.now - started
            kill(pid, SIGCONT)
            #expect(get.status == 0 && FileManager.default.contents(atPath: scratch.path("second")) == Data(plaintext), "\(get.stderr)")
            #expect(get.stderr.contains("is slow: no answer"), "\(get.stderr)")
            #expect(took < .seconds(30), "the command ended \(took) after it began, with an idle timeout of 60 s")
        }
    }

    /// A paused download is not a success: the command says so and exits 75 (a script's
    /// `ferry get … && use FILE` once went on without the file), and `resume` finishes it.
    @Test func aPausedDownloadExitsWithTemporaryFailureAndResumes() async throws {
        let scratch = try Scratch()
        let environment = Self.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(12_000_000, times: 1_664_525 >> 3)
            let cap = try await Self.put(try scratch.write("backup.tar", plaintext), environment)
            let (proxies, slowEnvironment) = try await Self.slowStorage(environment)
            let copy = scratch.path("backup copy.tar")
            let running = try FerryProcess.start(["get", cap, "-o", copy], environment: slowEnvironment, errorLog: scratch.path("get.log"))
            let (_, paused) = try await OffThePool.when({ FileManager.default.fileExists(atPath: copy + ".part") }, every: 0.02, within: 30) {
                try FerryProcess.runBlocking(["pause", "--all"], environment: environment)
            }
            #expect(paused.status == 0 && paused.stderr.contains("paused 2"), "the download, after the put: \(paused.stderr)")
            let (ended, _) = try await OffThePool.when({ !running.process.isRunning }, every: 0.05, within: 30) {}
            if !ended { running.kill(signal: SIGKILL) }
            #expect(ended && running.process.terminationStatus == 75, "paused, not done: EX_TEMPFAIL")
            let said = (try? String(contentsOfFile: scratch.path("get.log"), encoding: .utf8)) ?? ""
            #expect(said.contains("paused; `ferry resume"), "\(said)")
            #expect(!FileManager.default.fileExists(atPath: copy))
            for proxy in proxies { proxy.update { $0.bytesPerSecond = nil } }
            let resumed = try await FerryProcess.run(["resume", "--all"], environment: slowEnvironment)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(FileManager.default.contents(atPath: copy) == Data(plaintext))
        }
    }

    @Test func aDownloadKilledHardResumesWhereItStopped() async throws {
        let scratch = try Scratch()
        let environment = Self.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(16_000_000, times: 1_103_515_245 >> 11)
            let cap = try await Self.put(try scratch.write("video.mp4", plaintext), environment)
            // Reach the storage servers through slow proxies, so the download is still running
            // when it is killed.
            let (proxies, slowEnvironment) = try await Self.slowStorage(environment)
            let copy = scratch.path("video copy.mp4")
            let running = try FerryProcess.start(["get", cap, "-o", copy], environment: slowEnvironment)
            // Watched and killed from a thread of its own (the download would be over before a
            // task of this test got its turn on the busy pool).
            _ = try await OffThePool.when({
                // The record's third line lists the segments in (empty at first).
                (try? String(contentsOfFile: copy + ".part.ferry", encoding: .utf8))?.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).first?.isEmpty == false
            }, every: 0.02, within: 30) {
                usleep(300_000)
                running.kill(signal: SIGKILL)
            }
            #expect(FileManager.default.fileExists(atPath: copy + ".part.ferry"), "segments were recorded before the kill")
            for proxy in proxies { proxy.update { $0.bytesPerSecond = nil } }
            let resumed = try await FerryProcess.run(["get", cap, "-o", copy], environment: slowEnvironment)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("already here"), "\(resumed.stderr)")
            #expect(FileManager.default.contents(atPath: copy) == Data(plaintext))
        }
    }

    /// `ferry rm --delete-part` gives a download up for good: its part file and record go,
    /// whether the agent runs it (the agent deletes them once the download has stopped) or
    /// it was left interrupted by a ferry killed hard. Plain `rm` keeps them.
    @Test func removingADownloadCanDeleteItsPartFile() async throws {
        let scratch = try Scratch()
        let environment = Self.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let cap = try await Self.put(try scratch.write("disk.img", PatternBytes.linear(12_000_000, times: 69_069 >> 2)), environment)
            let (_, slowEnvironment) = try await Self.slowStorage(environment)
            let copy = scratch.path("disk copy.img")
            func partsAppear() async throws -> Bool {  // and the download is running
                try await OffThePool.when({
                    let listed = (try? FerryProcess.runBlocking(["ls", "--json"], environment: environment).stdout) ?? ""
                    return FileManager.default.fileExists(atPath: copy + ".part.ferry") && listed.contains("\"state\":\"active\"")
                }, every: 0.05, within: 30) {}.met
            }
            let parts = [copy + ".part", copy + ".part.ferry"]
            // Through the agent.
            #expect(try await FerryProcess.run(["agent", "start"], environment: slowEnvironment).status == 0)
            do {
                let handed = try FerryProcess.start(["get", cap, "-o", copy], environment: slowEnvironment)
                #expect(try await partsAppear())
                let removed = try await FerryProcess.run(["rm", "2", "--delete-part"], environment: environment)
                #expect(removed.status == 0 && removed.stderr.contains("removed 2") && removed.stderr.contains("deleted \(copy).part"), "\(removed.stderr)")
                #expect(parts.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
                _ = try await OffThePool.when({ !handed.process.isRunning }, every: 0.05, within: 10) {}
                handed.kill(signal: SIGKILL)
            } catch {
                _ = try? await FerryProcess.run(["agent", "stop"], environment: environment)
                throw error
            }
            _ = try await FerryProcess.run(["agent", "stop"], environment: environment)
            // Left by a ferry killed hard: plain rm keeps the files, --delete-part deletes them.
            for deleting in [false, true] {
                let running = try FerryProcess.start(["get", cap, "-o", copy], environment: slowEnvironment)
                #expect(try await partsAppear())
                running.kill(signal: SIGKILL)
                let removed = try await FerryProcess.run(["rm", "--all"] + (deleting ? ["--delete-part"] : []), environment: environment)
                #expect(removed.status == 0 && removed.stderr.contains("removed "), "\(removed.stderr)")
                #expect(parts.allSatisfy { FileManager.default.fileExists(atPath: $0) } == !deleting, "deleting: \(deleting): \(removed.stderr)")
            }
        }
    }
}
