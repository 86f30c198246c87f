import FerryTestSupport
import Foundation
import Testing

/// `ferry agent` as a person runs it: a real agent process over a real journal and the
/// embedded grid, started, asked, stopped, killed with SIGKILL and started again.
@Suite(.serialized) struct AgentProcessTests {
    final class Home {
        let scratch: Scratch
        let environment: [String: String]

        init(config: String = "") throws {
            scratch = try Scratch()
            environment = scratch.ferryEnvironment
            if !config.isEmpty { _ = try scratch.write("config.toml", Array(config.utf8)) }
        }

        deinit {
            _ = try? FerryProcess.runBlocking(["agent", "stop"], environment: environment)
            _ = try? FerryProcess.runBlocking(["grid", "stop"], environment: environment)
        }

        @discardableResult
        func ferry(_ arguments: String...) throws -> FerryProcess.Result { try FerryProcess.runBlocking(arguments, environment: environment) }

        func agentPID() throws -> Int32 { try AgentProcessTests.agentPID(environment) }
    }

    /// The running agent's pid, from `ferry agent status --json`.
    static func agentPID(_ environment: [String: String]) throws -> Int32 {
        let (pid, shown) = try runningAgent(environment)
        return try #require(pid, "\(shown)")
    }

    /// The running agent's pid, or nil while none runs (for polling: `#require` records a
    /// failure even under `try?`), and what `ferry agent status --json` printed.
    static func runningAgent(_ environment: [String: String]) throws -> (pid: Int32?, shown: String) {
        let status = try FerryProcess.runBlocking(["agent", "status", "--json"], environment: environment)
        let object = try JSONSerialization.jsonObject(with: status.stdoutData) as? [String: Any]
        return ((object?["pid"] as? NSNumber)?.int32Value, status.stdout)
    }

    /// Polls `ferry ls --json` until every transfer is in `state`.
    static func waitForState(_ state: String, environment: [String: String], seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var shown = ""
        while Date() < deadline {
            shown = try FerryProcess.runBlocking(["ls", "--json"], environment: environment).stdout
            let states = shown.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["state"] as? String
            }
            if !states.isEmpty, states.allSatisfy({ $0 == state }) { return }
            usleep(200_000)
        }
        Issue.record("the transfers never were all \(state): \(shown)")
        throw CancellationError()
    }

    /// Whether `pid` ends within a few seconds (a zombie nobody reaps counts as ended: in a
    /// container without an init, orphans stay zombies).
    static func exits(_ pid: Int32) -> Bool {
        for _ in 0..<100 {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if kill(pid, 0) != 0 || stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return true }
            usleep(50_000)
        }
        return false
    }

    @Test func startStatusStopAndOnlyOneAgent() throws {
        let home = try Home()
        #expect(try home.ferry("agent", "status").status == 3, "none yet")
        let started = try home.ferry("agent", "start")
        #expect(started.status == 0 && started.stdout.hasPrefix("agent started (pid "), "\(started.stdout)\(started.stderr)")
        let pid = try home.agentPID()
        #expect(try home.ferry("agent", "start").stdout == "agent already running (pid \(pid))\n")
        let second = try home.ferry("agent", "run")
        #expect(second.status == 69 && second.stderr.contains("agent.running") && second.stderr.contains("pid \(pid)"), "\(second.stderr)")
        let status = try home.ferry("agent", "status")
        #expect(status.status == 0 && status.stdout.contains("agent running (pid \(pid)), ferry 0.1, protocol 1"), "\(status.stdout)")
        #expect(status.stdout.contains("0 other clients attached"), "\(status.stdout)")
        let json = try home.ferry("agent", "status", "--json")
        #expect(json.stdout.contains("\"clients\":0,"), "the asking command is not counted: \(json.stdout)")
        #expect(json.stdout.contains("\"running\":true"), "\(json.stdout)")
        let directory = home.scratch.path("state/run")
        #expect(try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int == 0o700)
        #expect(try FileManager.default.attributesOfItem(atPath: directory + "/agent.sock")[.posixPermissions] as? Int == 0o600)
        let stopped = try home.ferry("agent", "stop")
        #expect(stopped.stdout == "agent stopped (pid \(pid))\n", "\(stopped.stdout)\(stopped.stderr)")
        #expect(Self.exits(pid), "the process is gone")
        #expect(try home.ferry("agent", "status").status == 3)
        #expect(try home.ferry("agent", "stop").stderr == "no agent is running\n")
        let log = try String(contentsOfFile: home.scratch.path("state/agent.log"), encoding: .utf8)
        #expect(log.contains("agent \(pid) listening on") && log.contains("agent \(pid) stopped"), "\(log)")
    }

    /// An agent stopped with SIGSTOP still takes connections on its socket but says nothing:
    /// every command waited for its welcome for good (a user test: a cron `put` and even
    /// `agent status` hung). Now they end with `agent.unresponsive` (69), naming its pid.
    @Test func aFrozenAgentIsSaidNotWaitedFor() throws {
        let home = try Home()
        try home.ferry("agent", "start")
        let pid = try home.agentPID()
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGCONT) }
        let status = try home.ferry("agent", "status")
        #expect(status.status == 69 && status.stderr.contains("agent.unresponsive") && status.stderr.contains("kill -CONT \(pid)"),
                "\(status.status) \(status.stderr)")
        let put = try home.ferry("put", try home.scratch.write("small.txt", Array(String(repeating: "hello, grid\n", count: 10).utf8)))
        #expect(put.status == 69 && put.stderr.contains("agent.unresponsive"), "\(put.status) \(put.stderr)")
        // A file kept in its cap needs no agent (nor grid): it waited 10 s for this one, then
        // failed the same way.
        let literal = try home.ferry("put", try home.scratch.write("tiny.txt", Array("hello, grid\n".utf8)))
        #expect(literal.status == 0 && literal.stdout.hasPrefix("URI:LIT:") && literal.stderr == "tiny.txt: done\n",
                "\(literal.status) \(literal.stdout) \(literal.stderr)")
        kill(pid, SIGCONT)
        #expect(try home.ferry("agent", "status").status == 0, "answers again once let go on")
    }

    /// `ferry put` with an agent running hands the upload to it; the agent killed with
    /// SIGKILL mid-upload loses nothing: the waiting put goes on with the upload itself, from
    /// the journal and the helper's offset, and the file comes back whole. A new agent finds
    /// nothing left to do.
    @Test func putGoesThroughTheAgentAndGoesOnItselfWhenTheAgentIsKilled() throws {
        let home = try Home(config: "[transfers]\nrate_limit = \"1M\"\n")
        let file = try home.scratch.write("archive.tar", randomBytes(7_000_000, seed: 41))
        try home.ferry("agent", "start")
        let pid = try home.agentPID()
        let put = try FerryProcess.start(["put", file], environment: home.environment, errorLog: home.scratch.path("put.log"))
        let deadline = Date().addingTimeInterval(60)
        var listed = ""
        // Sending, with bytes out (the key pass counts bytes too: killed then, the helper had none).
        while Date() < deadline, !listed.contains("\"phase\":\"sending\"") || listed.contains("\"done\":0,") {
            listed = try home.ferry("ls", "--json").stdout
            usleep(100_000)
        }
        #expect(listed.contains("archive.tar"), "\(listed)")
        let status = try home.ferry("agent", "status")
        #expect(status.stdout.contains("transfers 1 (1 active), 1 other client attached"), "the put watches: \(status.stdout)")
        kill(pid, SIGKILL)
        put.waitForExit()
        let said = (try? String(contentsOfFile: home.scratch.path("put.log"), encoding: .utf8)) ?? ""
        #expect(put.process.terminationStatus == 0, "the put went on by itself: \(said)")
        #expect(said.contains("this ferry goes on with them") && said.contains("the helper already has"), "\(said)")
        try Self.waitForState("done", environment: home.environment, seconds: 10)
        try home.ferry("agent", "start")
        let status2 = try home.ferry("agent", "status")
        #expect(status2.stdout.contains("(0 active)"), "nothing left for a new agent: \(status2.stdout)")
        let row = try home.ferry("ls", "--json").stdout
        let cap = try #require(row.range(of: #"URI:CHK:[^"]+"#, options: .regularExpression).map { String(row[$0]) })
        let copy = try home.ferry("get", cap, "-o", home.scratch.path("copy"))
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(try home.scratch.read("copy") == home.scratch.read("archive.tar"))
    }

    /// A `ferry put` waiting on the agent whose transfer another command removes says so with
    /// a code, and ends as a stopped command does (130).
    @Test func aWaitingPutWhoseTransferIsRemovedSaysSo() throws {
        let home = try Home(config: "[transfers]\nrate_limit = \"1M\"\n")
        let file = try home.scratch.write("draft.bin", randomBytes(6_000_000, seed: 44))
        try home.ferry("agent", "start")
        let put = try FerryProcess.start(["put", file], environment: home.environment, errorLog: home.scratch.path("put.log"))
        try Self.waitForState("active", environment: home.environment, seconds: 60)
        #expect(try home.ferry("rm", "1").status == 0)
        put.waitForExit()
        let said = (try? String(contentsOfFile: home.scratch.path("put.log"), encoding: .utf8)) ?? ""
        #expect(put.process.terminationStatus == 130 && said.contains("draft.bin: transfer.removed: removed from the queue"), "\(said)")
    }

    /// `ferry resume` of a transfer waiting in the agent's queue says it waits (it said
    /// nothing until the transfer started). Removed meanwhile, `resume` ends 130 with
    /// `transfer.removed` and, with `--json`, a `failed` event: it exited 0, as if done. A
    /// `put --json` of it ends with the same event (its last line was its progress).
    @Test func aQueuedResumeSaysSoAndARemovedOneFails() throws {
        let home = try Home(config: "[transfers]\nrate_limit = \"1M\"\nmaximum_active = 1\n")
        let big = try home.scratch.write("big.bin", randomBytes(8_000_000, seed: 45))
        let small = try home.scratch.write("small.bin", randomBytes(300_000, seed: 46))
        try home.ferry("agent", "start")
        let put = try FerryProcess.start(["put", big, small, "--json"], environment: home.environment, errorLog: home.scratch.path("put.log"),
                                         outputLog: home.scratch.path("put.json"))
        let waitUntil = Date().addingTimeInterval(60)
        var listed = ""
        while Date() < waitUntil, !(listed.contains("\"state\":\"active\"") && listed.contains("\"state\":\"queued\"")) {
            listed = try home.ferry("ls", "--json").stdout
            usleep(100_000)
        }
        #expect(listed.contains("\"state\":\"queued\""), "small.bin waits behind big.bin: \(listed)")
        let resume = try FerryProcess.start(["resume", "2"], environment: home.environment, errorLog: home.scratch.path("resume.log"))
        let json = try FerryProcess.start(["resume", "2", "--json"], environment: home.environment, errorLog: home.scratch.path("json.log"),
                                          outputLog: home.scratch.path("resume.json"))
        func log(_ name: String) -> String { (try? String(contentsOfFile: home.scratch.path(name), encoding: .utf8)) ?? "" }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !log("resume.log").contains("small.bin: queued") || !log("resume.json").contains("\"state\":\"queued\"") { usleep(100_000) }
        #expect(log("resume.log").contains("small.bin: queued until one of the running transfers ends"), "\(log("resume.log"))")
        #expect(try home.ferry("rm", "2").status == 0)
        for (running, output) in [(resume, "resume.log"), (json, "resume.json")] {
            running.waitForExit()
            #expect(running.process.terminationStatus == 130, "\(output): \(log(output))")
        }
        #expect(log("resume.log").contains("error: small.bin: transfer.removed: removed from the queue"), "\(log("resume.log"))")
        let last = log("resume.json").split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.contains("\"event\":\"failed\"") && last.contains("\"code\":\"transfer.removed\"") && last.contains("\"id\":2"), "\(last)")
        put.waitForExit()
        #expect(put.process.terminationStatus == 130, "\(log("put.log"))")
        let putEvents = log("put.json").split(separator: "\n").filter { $0.contains("small.bin") }
        #expect(putEvents.last?.contains("\"event\":\"failed\"") == true && putEvents.last?.contains("transfer.removed") == true, "\(putEvents.suffix(2))")
        #expect(log("put.json").contains("\"event\":\"done\""), "the other file's cap: \(log("put.json"))")
    }

    /// `--priority` reaches the agent's queue: a new transfer gets it, and a file already
    /// waiting takes it when put again with one.
    @Test func putAndGetTakeAPriority() throws {
        let home = try Home(config: "[transfers]\nrate_limit = \"1M\"\nmaximum_active = 1\n")
        let big = try home.scratch.write("big.bin", randomBytes(6_000_000, seed: 47))
        let small = try home.scratch.write("small.bin", randomBytes(200_000, seed: 48))
        let tiny = try home.scratch.write("tiny.bin", randomBytes(5_000, seed: 49))
        try home.ferry("agent", "start")
        let cap = try home.ferry("put", tiny).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let first = try FerryProcess.start(["put", big, small], environment: home.environment)
        let again = try FerryProcess.start(["put", "--priority", "5", small], environment: home.environment)
        let get = try FerryProcess.start(["get", "--priority", "-2", cap, "-o", home.scratch.path("out")], environment: home.environment)
        func priorities() throws -> [String: Int] {
            let lines = try home.ferry("ls", "--json").stdout.split(separator: "\n")
            return Dictionary(lines.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]).flatMap { object in
                    (object["name"] as? String).map { ($0, object["priority"] as? Int ?? 0) }
                }
            }, uniquingKeysWith: { $1 })
        }
        var seen: [String: Int] = [:]
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, seen != ["tiny.bin": 0, "big.bin": 0, "small.bin": 5, "out": -2] {
            seen = try priorities()
            usleep(100_000)
        }
        #expect(seen == ["tiny.bin": 0, "big.bin": 0, "small.bin": 5, "out": -2], "\(seen)")
        for running in [first, again, get] { running.process.terminate() }
    }

    /// A command whose environment names other servers than the agent's runs its transfer
    /// itself, and says so: handed to the agent, a `get` with its own FERRY_STORAGE read from
    /// the agent's servers instead, silently.
    @Test func aCommandWithOtherGridSettingsThanTheAgentsRunsItsOwn() throws {
        let home = try Home()
        let file = try home.scratch.write("file.bin", randomBytes(300_000, seed: 51))
        try home.ferry("agent", "start")
        let put = try home.ferry("put", file)
        let cap = put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(put.status == 0 && !put.stderr.contains("other grid settings"), "\(put)")
        let same = try home.ferry("get", cap, "-o", home.scratch.path("same"))
        #expect(same.status == 0 && !same.stderr.contains("other grid settings"), "\(same)")
        // An upload setting edited just before a put: the put waits for the agent to take the
        // file (a second's calm) instead of running the upload itself.
        let config = home.scratch.path("config.toml")
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\nhappy = ", with: "\nhappy = 3\n# was ").write(toFile: config, atomically: true, encoding: .utf8)
        let edited = try home.ferry("put", try home.scratch.write("edited.bin", randomBytes(50_000, seed: 3)))
        #expect(edited.status == 0 && !edited.stderr.contains("other grid settings"), "\(edited)")
        let status = try home.ferry("grid", "status").stdout
        let wrong = status.split(separator: "\n").filter { $0.hasPrefix("storage") }.compactMap { $0.split(separator: " ").last }
            .map { $0.replacingOccurrences(of: "#v=1", with: "x#v=1") }
        #expect(wrong.count == 5)
        var own = home.environment
        own["FERRY_STORAGE"] = wrong.joined(separator: ",")
        let other = try FerryProcess.runBlocking(["get", cap, "-o", home.scratch.path("other")], environment: own)
        #expect(other.stderr.contains("the agent runs with other grid settings than this command's (this command's FERRY_STORAGE)"), "\(other)")
        #expect(other.status == 65 && other.stderr.contains("storage.unauthorized"), "the command's own servers were asked: \(other)")
    }

    /// `ferry rm --finished` from another shell while a put waits on the agent: the files it
    /// had finished stay finished for the put (their caps printed, exit 0). They were said
    /// as removed before they finished, and their caps lost (a user test: 7 of 20).
    @Test func finishedUploadsRemovedMeanwhileKeepTheirCaps() throws {
        let home = try Home(config: "[transfers]\nrate_limit = \"1M\"\n")
        let small = try home.scratch.write("notes.txt", randomBytes(100_000, seed: 44))
        let large = try home.scratch.write("photos.tar", randomBytes(4_000_000, seed: 45))
        try home.ferry("agent", "start")
        let output = home.scratch.path("put.out")
        let put = try FerryProcess.start(["put", small, large], environment: home.environment, errorLog: home.scratch.path("put.log"), outputLog: output)
        let deadline = Date().addingTimeInterval(60)
        var listed = ""
        while Date() < deadline, !listed.contains("\"state\":\"done\"") {
            listed = try home.ferry("ls", "--json").stdout
            usleep(100_000)
        }
        #expect(listed.contains("\"state\":\"active\""), "the large one still runs: \(listed)")
        let removed = try home.ferry("rm", "--finished")
        #expect(removed.status == 0 && removed.stderr.contains("removed 1"), "\(removed)")
        put.waitForExit()
        let caps = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n")
        let said = (try? String(contentsOfFile: home.scratch.path("put.log"), encoding: .utf8)) ?? ""
        #expect(put.process.terminationStatus == 0 && caps.count == 2 && caps[0].hasSuffix(":100000") && caps[1].hasSuffix(":4000000"), "\(caps) \(said)")
        try home.ferry("agent", "stop")
    }

    /// `ferry agent stop` under a waiting `put --json`: a `stopped` event per transfer not
    /// done, with `agent.stopped`, and nothing after it (a `failed` event for the whole
    /// command came too); the error line on standard error, 69.
    @Test func agentStopUnderAWaitingPutEndsInStoppedEvents() throws {
        let home = try Home(config: "[transfers]\nrate_limit = \"1M\"\n")
        let file = try home.scratch.write("archive.tar", randomBytes(6_000_000, seed: 44))
        try home.ferry("agent", "start")
        let put = try FerryProcess.start(["put", file, "--json"], environment: home.environment, errorLog: home.scratch.path("put.log"),
                                         outputLog: home.scratch.path("put.json"))
        var listed = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !listed.contains("\"state\":\"active\"") {
            listed = try home.ferry("ls", "--json").stdout
            usleep(100_000)
        }
        try home.ferry("agent", "stop")
        put.waitForExit()
        let said = (try? String(contentsOfFile: home.scratch.path("put.log"), encoding: .utf8)) ?? ""
        let events = PutCommandTests.events((try? String(contentsOfFile: home.scratch.path("put.json"), encoding: .utf8)) ?? "").filter { $0["event"] as? String != "transfer" }
        #expect(put.process.terminationStatus == 69 && said.contains("error: agent.stopped"), "\(put.process.terminationStatus): \(said)")
        #expect(events.count == 1 && events[0]["event"] as? String == "stopped" && events[0]["code"] as? String == "agent.stopped"
            && events[0]["id"] as? Int == 1, "\(events)")
    }

    /// With an agent running, a script's commands all act on its queue: `ferry put`
    /// interrupted (SIGINT) leaves the upload running there, `ferry pause --all` pauses it,
    /// `ferry resume --all` right after has the agent go on and prints the cap once it is done. The put
    /// reads standard input: its spool, left to the agent, goes once the agent is done.
    @Test func interruptPauseAndResumeActOnTheAgentsQueue() throws {
        let home = try Home(config: "[transfers]\nrate_limit = \"1M\"\n")
        let file = try home.scratch.write("notes.tar", randomBytes(6_000_000, seed: 43))
        try home.ferry("agent", "start")
        let put = try FerryProcess.start(["put", "-", "--name", "notes.tar", "--json"], environment: home.environment, errorLog: home.scratch.path("put.log"),
                                         outputLog: home.scratch.path("put.json"), input: file)
        var listed = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !listed.contains("\"state\":\"active\"") {
            listed = try home.ferry("ls", "--json").stdout
            usleep(100_000)
        }
        put.kill(signal: SIGINT)
        put.waitForExit()
        let said = (try? String(contentsOfFile: home.scratch.path("put.log"), encoding: .utf8)) ?? ""
        #expect(put.process.terminationStatus == 130 && said.contains("the agent goes on with transfer 1; `ferry pause 1` stops it"), "\(said)")
        let last = PutCommandTests.events((try? String(contentsOfFile: home.scratch.path("put.json"), encoding: .utf8)) ?? "").last ?? [:]
        #expect(last["event"] as? String == "detached" && last["id"] as? Int == 1 && last["name"] as? String == "notes.tar", "\(last)")
        let after = try home.ferry("ls", "--json").stdout
        #expect(after.contains("\"state\":\"active\""), "the upload runs on in the agent: \(after)")
        let paused = try home.ferry("pause", "--all")
        #expect(paused.stderr.contains("paused 1"), "\(paused.stderr)")
        // Resumed at once, while the paused run may still be ending (and holding its claim):
        // that said "nothing to resume" and left it paused.
        let resumed = try home.ferry("resume", "--all")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.hasPrefix("URI:CHK:"), "the cap, once done: \(resumed.stdout)")
        try Self.waitForState("done", environment: home.environment, seconds: 10)
        let status = try home.ferry("agent", "status")
        #expect(status.stdout.contains("transfers 1 (0 active)"), "the agent ran it: \(status.stdout)")
        #expect(resumed.stdout == (try home.ferry("put", file)).stdout, "the file's own cap")
        let spools = home.scratch.path("state/stdin")
        var left = ["?"]
        for _ in 0..<50 where !left.isEmpty {
            left = (try? FileManager.default.contentsOfDirectory(atPath: spools)) ?? ["?"]
            usleep(100_000)
        }
        #expect(left.isEmpty, "the agent removed the spool: \(left)")
    }

    /// `ferry grid stop` under an agent with an upload waiting: the agent starts the
    /// embedded grid again, as a command needing it would, and the upload finishes. It
    /// used to retry against the stopped grid until some command started it.
    @Test func theAgentStartsTheStoppedGridForWaitingTransfers() throws {
        let home = try Home(config: "[transfers]\nrate_limit = \"1M\"\n")
        let file = try home.scratch.write("album.zip", randomBytes(4_000_000, seed: 47))
        try home.ferry("agent", "start")
        let put = try FerryProcess.start(["put", file], environment: home.environment)
        try Self.waitForState("active", environment: home.environment, seconds: 30)
        let stop = try home.ferry("grid", "stop").stderr
        #expect(stop.contains("stopped 6 nodes") && stop.contains("the agent has 1 transfer waiting and starts the grid again for it"), "\(stop)")
        var running = false
        for _ in 0..<100 where !running {
            usleep(200_000)
            running = try home.ferry("grid", "status").status == 0
        }
        #expect(running, "the agent started the grid again")
        put.waitForExit()
        #expect(put.process.terminationStatus == 0)
        try Self.waitForState("done", environment: home.environment, seconds: 30)
        let log = try String(contentsOfFile: home.scratch.path("state/agent.log"), encoding: .utf8)
        #expect(log.contains("started the local grid again for the transfers waiting on it"), "\(log)")
    }

    /// An agent that cannot start says why in one line (its log's tail, shown on one line in
    /// the screen, hid the reason behind earlier lines). A config it cannot read is the
    /// config's code and status (78: mend the file), not the agent's (69).
    @Test func anAgentThatCannotStartSaysWhy() throws {
        let home = try Home(config: "[transfers]\nrate_limit = \"fast\"\n")
        let started = try home.ferry("agent", "start")
        #expect(started.status == 78 && started.stderr.contains("error: config.bad_value: the agent could not start: \(home.scratch.path("config.toml")): transfers.rate_limit"),
                "\(started.stderr)")
    }

    /// The agent follows its config file: limits changed there apply at once, a file that
    /// does not parse is said and changes nothing, a new encoding reaches the next upload;
    /// the log and `agent status` show each.
    @Test func theAgentFollowsItsConfigFile() throws {
        let home = try Home(config: "[transfers]\nmaximum_active = 3\n")
        try home.ferry("agent", "start")
        #expect(try home.ferry("agent", "status").stdout.contains("limits    3 at once, no rate limit"))
        let path = home.scratch.path("config.toml"), logPath = home.scratch.path("state/agent.log")
        let written = try String(contentsOfFile: path, encoding: .utf8)  // with the secret added on first use
        let limited = written.replacingOccurrences(of: "maximum_active = 3", with: "maximum_active = 1\nrate_limit = \"2M\"")
        try limited.write(toFile: path, atomically: true, encoding: .utf8)
        func limits() throws -> (Int?, Int?) {
            let object = try JSONSerialization.jsonObject(with: home.ferry("agent", "status", "--json").stdoutData) as? [String: Any]
            return (object?["maximumActive"] as? Int, object?["rateLimit"] as? Int)
        }
        func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
        func logged(_ text: String) throws -> Bool {
            for _ in 0..<100 {
                if try String(contentsOfFile: logPath, encoding: .utf8).contains(text) { return true }
                usleep(100_000)
            }
            return false
        }
        #expect(try logged("config changed: 1 at once; rate limit 2.00 MiB/s"), "\(log())")
        #expect(try limits() == (1, 2 << 20))
        try (limited + "\n[bogus\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try logged("config not applied: config.syntax"), "\(log())")
        #expect(try limits() == (1, 2 << 20), "the settings in use stay")
        #expect(try home.ferry("agent", "status").stdout.contains("config    not applied: config.syntax: \(path)"))
        try limited.write(toFile: path, atomically: true, encoding: .utf8)  // mended as it was: said, though nothing changes
        #expect(try logged("config fixed: it reads again, and matches the settings in use"), "\(log())")
        #expect(try !home.ferry("agent", "status").stdout.contains("config "), "mended: nothing to say")
        try (limited + "\n[encoding]\ntotal = 7\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try logged("encoding (k/happy/N 3/7/7) for transfers that start from now on"), "\(log())")
        let file = try home.scratch.write("notes.txt", randomBytes(300_000, seed: 53))
        let put = try home.ferry("put", file)
        #expect(put.status == 0 && put.stdout.hasSuffix(":3:7:300000\n"), "the agent's next upload uses the new encoding: \(put.stdout)\(put.stderr)")
    }

    /// A ferry meeting an agent that speaks another protocol version (a newer agent left
    /// running across an upgrade, played here by a small Python listener answering as
    /// such an agent does) says so plainly, screen included, and starts no second agent.
    @Test func anAgentOfAnotherVersionGetsAClearMessage() throws {
        let home = try Home()
        let directory = home.scratch.path("state/run")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = """
            import os, socket, sys
            path = sys.argv[1]
            s = socket.socket(socket.AF_UNIX); s.bind(path); s.listen(8)
            print("ready", flush=True)
            while True:
                c, _ = s.accept()
                c.makefile().readline()
                c.sendall(b'{"code":"protocol.version","message":"protocol 1 is not spoken here (the agent speaks 2); this ferry 0.1 is older than the running agent (ferry 0.2): use the newer ferry, or stop the agent with `ferry agent stop`","type":"refused"}\\n')
                c.close()
            """
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        listener.arguments = ["-c", script, directory + "/agent.sock"]
        let ready = Spawning.pipe()
        listener.standardOutput = ready
        try FerryProcess.launch(listener)
        defer {
            kill(listener.processIdentifier, SIGKILL)
            Spawning.waitForExit(listener)
        }
        _ = ready.fileHandleForReading.availableData  // "ready"
        // (Not `screen`: without a terminal it stops before asking any agent.)
        for arguments in [["agent", "status"], ["agent", "start"]] {
            let result = try FerryProcess.runBlocking(arguments, environment: home.environment)
            #expect(result.status == 69, "\(arguments): \(result.status)")
            #expect(result.stderr.contains("error: protocol.version:") && result.stderr.contains("older than the running agent"), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: home.scratch.path("state/agent.log")), "no second agent was started")
    }
}
