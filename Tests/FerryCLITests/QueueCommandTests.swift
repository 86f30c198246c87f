import FaultProxy
import FerryClient
import FerryCore
import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// The journal from the command line: `ferry put` killed hard and resumed with `ferry
/// resume`, `ferry ls` on the way, `ferry pause` from another shell.
@Suite(.serialized) struct QueueCommandTests {
    /// An embedded grid whose helper is reached through a slow proxy (FERRY_HELPER), so
    /// uploads are still running when the test acts; the test stops it (`stoppingGrid`).
    final class SlowGrid {
        let scratch: Scratch
        let environment: [String: String]
        let proxy: FaultProxy

        init(bytesPerSecond: Double) async throws {
            scratch = try Scratch()
            let base = scratch.ferryEnvironment
            let status = try await FerryProcess.run(["grid", "start"], environment: base)
            #expect(status.status == 0, "\(status.stderr)")
            // The helper is given explicitly (through the proxy), so the encoding is the
            // config's: five servers can make only five happy.
            _ = try ClientConfig.loadOrCreate(path: base["FERRY_CONFIG"]!)
            let config = try String(contentsOfFile: base["FERRY_CONFIG"]!, encoding: .utf8)
            #expect(config.contains("happy = 7"))
            try config.replacingOccurrences(of: "happy = 7", with: "happy = 5").write(toFile: base["FERRY_CONFIG"]!, atomically: true, encoding: .utf8)
            let helper = try NURL(parsing: String(status.stdout.split(separator: "\n").first { $0.hasPrefix("helper") }!.split(separator: " ").last!))
            let storage = status.stdout.split(separator: "\n").filter { $0.hasPrefix("storage") }.map { String($0.split(separator: " ").last!) }
            proxy = try FaultProxy(targetPort: helper.port, plan: FaultPlan(bytesPerSecond: bytesPerSecond))
            let slow = NURL(spkiHash: helper.spkiHash, host: "127.0.0.1", port: proxy.port, swissnum: helper.swissnum)
            environment = base.merging(["FERRY_HELPER": slow.description, "FERRY_STORAGE": storage.joined(separator: ",")]) { $1 }
        }

        func ferry(_ arguments: [String]) async throws -> FerryProcess.Result { try await FerryProcess.run(arguments, environment: environment) }

        func list() async throws -> [[String: Any]] {
            try await ferry(["ls", "--json"]).stdout.split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
            }
        }

        /// ``OffThePool/when(_:every:within:then:)`` every 50 ms for up to `seconds`; a
        /// condition not met in time is a failure.
        @discardableResult
        func when<T: Sendable>(_ condition: @escaping @Sendable () -> Bool, seconds: Double = 30,
                               then action: @escaping @Sendable () throws -> T) async throws -> T {
            let outcome = try await OffThePool.when(condition, every: 0.05, within: seconds, then: action)
            if !outcome.met { Issue.record("condition not met in \(seconds) s") }
            return outcome.result
        }
    }

    /// Piped, `ferry ls` gives names whole (cut in the middle to 40 columns, a long one
    /// escaped `ls | grep`); the cap of a small file needs no grid.
    @Test func listingPipedKeepsLongNamesWhole() async throws {
        let scratch = try Scratch()
        let name = String(repeating: "quarterly-report-", count: 4) + "final.txt"
        let put = try await FerryProcess.run(["put", try scratch.write(name, Array("short\n".utf8))], environment: scratch.ferryEnvironment)
        #expect(put.status == 0, "\(put.stderr)")
        let listed = try await FerryProcess.run(["ls"], environment: scratch.ferryEnvironment)
        #expect(listed.stdout.contains(name), "\(listed.stdout)")
    }

    /// `ferry log` prints what the agents kept of each transfer, at local time, or as JSON;
    /// a transfer with none says so, an unknown id is refused before anything is printed.
    @Test func logPrintsWhatWasKept() async throws {
        let scratch = try Scratch()
        let environment = scratch.ferryEnvironment.merging(["TZ": "UTC"]) { $1 }
        let journal = try Journal(path: scratch.path("state/journal.sqlite"))
        let kept = try journal.add(.upload(path: "/data/kept.iso")).id
        let bare = try journal.add(.download(cap: "URI:LIT:nbswy3dp", destination: "/data/hello")).id
        try journal.appendLogs([TransferLog(id: kept, lines: [TransferLogLine(time: 1_796_195_432.5, text: "added (queued)"),
                                                              TransferLogLine(time: 1_796_195_455, text: "helper down (helper.unavailable); trying again")])])
        let text = try await FerryProcess.run(["log", "\(kept)", "\(bare)"], environment: environment)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout == """
            \(kept)  upload  kept.iso
              2026-12-02 07:10:32  added (queued)
              2026-12-02 07:10:55  helper down (helper.unavailable); trying again
            \(bare)  download  hello
              no events kept

            """, "\(text.stdout)")
        let json = try await FerryProcess.run(["log", "--all", "--json"], environment: environment)
        #expect(json.stdout.split(separator: "\n").map(String.init) == [
            #"{"event":"log","id":\#(kept),"name":"kept.iso","text":"added (queued)","time":1796195432.5}"#,
            #"{"event":"log","id":\#(kept),"name":"kept.iso","text":"helper down (helper.unavailable); trying again","time":1796195455}"#,
        ], "\(json.stdout)")
        // `ls --json` gives a retry's reason, as its table does.
        var retrying = try #require(try journal.all().first { $0.id == kept })
        retrying.state = .retrying(at: 0, code: "helper.transport", message: "stalled")
        try journal.save(retrying)
        let listed = try await FerryProcess.run(["ls", "--json"], environment: environment)
        #expect(listed.stdout.contains(#""code":"helper.transport","done":0,"id":\#(kept)"#) && listed.stdout.contains(#""message":"stalled""#),
                "\(listed.stdout)")
        let unknown = try await FerryProcess.run(["log", "\(kept)", "99"], environment: environment)
        #expect(unknown.status != 0 && unknown.stdout.isEmpty && unknown.stderr.contains("transfer.unknown"), "\(unknown.status) \(unknown.stdout) \(unknown.stderr)")
    }

    @Test func aPutKilledHardIsInterruptedAndResumeFinishesIt() async throws {
        let grid = try await SlowGrid(bytesPerSecond: 2_000_000)
        try await FerryProcess.stoppingGrid(grid.environment) {
            let file = try grid.scratch.write("backup.tar", randomBytes(10_000_000, seed: 81))
            let running = try FerryProcess.start(["put", file], environment: grid.environment)
            let proxy = grid.proxy
            try await grid.when({ proxy.forwarded > 3_000_000 }) { running.kill(signal: SIGKILL) }
            let listed = try await grid.list()
            #expect(listed.count == 1 && listed[0]["state"] as? String == "interrupted", "\(listed)")
            grid.proxy.update { $0.bytesPerSecond = nil }
            let resumed = try await grid.ferry(["resume", "--all"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("the helper already has"), "\(resumed.stderr)")
            let cap = resumed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let config = try ClientConfig.parse(String(contentsOfFile: grid.environment["FERRY_CONFIG"]!, encoding: .utf8))
            let expected = try await FerryProcess.run(["debug", "encode", file, "--out", grid.scratch.path("expected"), "--convergence", config.convergenceSecret.base32,
                                                 "--happy", "5"])
            #expect(cap == expected.stdout.trimmingCharacters(in: .whitespacesAndNewlines) && cap.hasPrefix("URI:CHK:"), "\(cap)")
            let after = try await grid.list()
            #expect(after.count == 1 && after[0]["state"] as? String == "done" && after[0]["cap"] as? String == cap, "\(after)")
            // Running the same put again: already in the grid, a new entry, the same cap.
            let again = try await grid.ferry(["put", file])
            #expect(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == cap, "\(again.stderr)")
        }
    }

    /// Ctrl-C on a put running here (no agent) pauses it, and says how to go on (it ended
    /// silently); with `--json`, a last `stopped` event says it too (the last line said
    /// `active`). A file already uploaded by then gets its `done` event and cap (a put under
    /// `timeout` printed none). Paused, an agent started later leaves it be (a user test: the
    /// screen's agent went on uploading what Ctrl-C had stopped); SIGTERM (a shutdown)
    /// leaves it interrupted, for the next agent to go on with.
    @Test func ctrlCSaysHowToGoOn() async throws {
        let grid = try await SlowGrid(bytesPerSecond: 1_000_000)
        try await FerryProcess.stoppingGrid(grid.environment) {
            let small = try grid.scratch.write("abstract.txt", randomBytes(100_000, seed: 84))
            let file = try grid.scratch.write("thesis.pdf", randomBytes(5_000_000, seed: 83))
            let output = grid.scratch.path("put.json")
            let running = try FerryProcess.start(["put", small, file, "--json"], environment: grid.environment, errorLog: grid.scratch.path("put.log"),
                                                 outputLog: output)
            let proxy = grid.proxy
            try await grid.when({
                proxy.forwarded > 500_000 && ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("\"state\":\"done\"")
            }) { running.kill(signal: SIGINT) }
            running.waitForExit()
            let said = (try? String(contentsOfFile: grid.scratch.path("put.log"), encoding: .utf8)) ?? ""
            #expect(running.process.terminationStatus == 130 && said.contains("paused; `ferry resume 2` (or the same command) goes on from where it stopped"),
                    "\(running.process.terminationStatus): \(said)")
            let events = PutCommandTests.events((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").filter { $0["event"] as? String != "transfer" }
            #expect(events.count == 2 && events[0]["event"] as? String == "done" && events[0]["file"] as? String == small
                && (events[0]["cap"] as? String)?.hasSuffix(":100000") == true, "\(events)")
            #expect(events.last?["event"] as? String == "stopped" && events.last?["id"] as? Int == 2 && events.last?["name"] as? String == "thesis.pdf"
                && events.last?["code"] as? String == "transfer.cancelled", "\(events)")
            let listed = try await grid.list()
            #expect(listed.first { $0["id"] as? Int == 2 }?["state"] as? String == "paused", "\(listed)")
            // Slowed, so the rest (under 2 MB) cannot be sent before the signals come (in CI the
            // SIGHUP leg's upload had finished first).
            proxy.update { $0.bytesPerSecond = 100_000 }
            let resumed = try FerryProcess.start(["resume", "2"], environment: grid.environment, errorLog: grid.scratch.path("resume.log"))
            let resumeLog = grid.scratch.path("resume.log")
            try await grid.when({ ((try? String(contentsOfFile: resumeLog, encoding: .utf8)) ?? "").contains("thesis.pdf: sending") }) { resumed.kill(signal: SIGTERM) }
            resumed.waitForExit()
            let told = (try? String(contentsOfFile: grid.scratch.path("resume.log"), encoding: .utf8)) ?? ""
            #expect(resumed.process.terminationStatus == 130 && told.contains("stopped; `ferry resume 2` (or the same command) goes on from where it stopped, as does the agent when it next starts"),
                    "\(resumed.process.terminationStatus): \(told)")
            let after = try await grid.list()
            #expect(after.first { $0["id"] as? Int == 2 }?["state"] as? String == "interrupted", "\(after)")
            // A lost ssh session (SIGHUP) likewise, with its `stopped` event (it ended 129 with
            // the last line saying `active`).
            let hupLog = grid.scratch.path("hup.json")
            let hung = try FerryProcess.start(["resume", "2", "--json"], environment: grid.environment, outputLog: hupLog)
            // Once it runs the upload (its handlers are set by then; the proxy's count alone
            // moved with the last run's buffered bytes, and the signal came first: CI).
            try await grid.when({ ((try? String(contentsOfFile: hupLog, encoding: .utf8)) ?? "").contains("\"state\":\"active\"") }) { hung.kill(signal: SIGHUP) }
            hung.waitForExit()
            let last = PutCommandTests.events((try? String(contentsOfFile: hupLog, encoding: .utf8)) ?? "").last
            #expect(hung.process.terminationStatus == 130 && last?["event"] as? String == "stopped", "\(hung.process.terminationStatus): \(String(describing: last))")
            #expect(try await grid.list().first { $0["id"] as? Int == 2 }?["state"] as? String == "interrupted")
        }
    }

    /// One of a put's files paused from another shell while the other goes on is said, and
    /// so is its resuming (it went quiet without a word: a user test).
    @Test func aPutSaysWhenOneOfItsFilesIsPausedAndResumed() async throws {
        let grid = try await SlowGrid(bytesPerSecond: 400_000)
        try await FerryProcess.stoppingGrid(grid.environment) {
            let first = try grid.scratch.write("first.bin", randomBytes(3_000_000, seed: 86))
            let second = try grid.scratch.write("second.bin", randomBytes(3_000_000, seed: 87))
            let log = grid.scratch.path("put.log")
            let running = try FerryProcess.start(["put", first, second], environment: grid.environment, errorLog: log)
            let environment = grid.environment
            let said: @Sendable () -> String = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
            try await grid.when({ said().contains("second.bin: sending") }) {}
            #expect(try FerryProcess.runBlocking(["pause", "2"], environment: environment).status == 0)
            try await grid.when({ said().contains("second.bin: paused; `ferry resume 2` goes on with it") }) {}
            // Queued again in the journal (as a screen's resume of it does), the put goes on with it.
            // Queued again while the journal says paused: the put's own write of the pause can
            // land just after a resume written at once (a known race, DECISIONS session 32;
            // seen once in CI), as a person would press resume again.
            let path = grid.scratch.path("state/journal.sqlite")
            try await grid.when({
                if let journal = try? Journal(path: path), var entry = try? journal.all().first(where: { $0.id == 2 }), entry.state == .paused {
                    entry.state = .queued
                    try? journal.save(entry)
                }
                return said().contains("second.bin: resumed")
            }) {}
            try await grid.when({ !running.process.isRunning }, seconds: 120) {}
            #expect(running.process.terminationStatus == 0, "\(said())")
        }
    }

    @Test func pauseFromAnotherShellStopsTheRunningPut() async throws {
        let grid = try await SlowGrid(bytesPerSecond: 1_500_000)
        try await FerryProcess.stoppingGrid(grid.environment) {
            let file = try grid.scratch.write("dataset.bin", randomBytes(8_000_000, seed: 82))
            let running = try FerryProcess.start(["put", file], environment: grid.environment)
            let (proxy, environment) = (grid.proxy, grid.environment)
            // Resumed from another shell while it runs there: said, and 75 as for `put` of the
            // same file (it said "nothing to resume" and ended 0).
            let elsewhere = try await grid.when({ proxy.forwarded > 1_000_000 }) {
                // Held running while the other shells act (on a loaded machine the upload
                // finished before they had their turn), until the pause is sent.
                proxy.update { $0.bytesPerSecond = 50_000 }
                return try (FerryProcess.runBlocking(["resume", "1"], environment: environment),
                            FerryProcess.runBlocking(["resume", "1", "--json"], environment: environment))
            }
            #expect(elsewhere.0.status == 75 && elsewhere.0.stderr.contains("transfer.running: transfer 1 is being run by another ferry"), "\(elsewhere.0)")
            // With --json, said on standard output too, as `put --json` says it (it was not).
            let refused = PutCommandTests.events(elsewhere.1.stdout)
            #expect(elsewhere.1.status == 75 && refused.count == 1 && refused[0]["event"] as? String == "refused" && refused[0]["id"] as? Int == 1
                && refused[0]["name"] as? String == "dataset.bin" && refused[0]["code"] as? String == "transfer.running", "\(elsewhere.1)")
            // Put again beside another file: that one is refused, the other goes ahead (the
            // whole command was refused, the other file never queued).
            // A file kept in its cap (no network): this step must not outlast the running upload.
            let other = try grid.scratch.write("readme.txt", randomBytes(40, seed: 85))
            let beside = try FerryProcess.runBlocking(["put", file, other], environment: environment)
            #expect(beside.status == 75 && beside.stderr.contains("transfer.running") && beside.stdout.hasPrefix("URI:LIT:"), "\(beside)")
            let paused = try FerryProcess.runBlocking(["pause", "--all"], environment: environment)
            proxy.update { $0.bytesPerSecond = 1_500_000 }
            #expect(paused.status == 0 && paused.stderr.contains("paused 1"), "\(paused.stderr)")
            // The running ferry notices within a second, stops sending and exits (the upload is
            // paused, not failed).
            try await grid.when({ !running.process.isRunning }) {}
            if running.process.isRunning {
                running.kill(signal: SIGKILL)
            } else {
                #expect(running.process.terminationStatus == 75, "paused, not done: EX_TEMPFAIL")
            }
            let listed = try await grid.list()
            #expect(listed.first?["state"] as? String == "paused", "\(listed)")
            let resumed = try await grid.ferry(["resume", "1"])
            #expect(resumed.status == 0 && resumed.stdout.hasPrefix("URI:CHK:"), "\(resumed.stderr)")
            let unknown = try await grid.ferry(["resume", "99"])
            #expect(unknown.status == 66 && unknown.stderr.contains("transfer.unknown"), "\(unknown.stderr)")
            let usage = try await grid.ferry(["pause"])
            #expect(usage.status == 64, "ids or --all")
        }
    }

    /// `ferry rm` takes transfers out of the journal: by id or all finished ones; one that a
    /// foreground ferry runs is left alone until that ferry is gone.
    @Test func removeTakesTransfersOutOfTheJournal() async throws {
        let grid = try await SlowGrid(bytesPerSecond: 1_000_000)
        try await FerryProcess.stoppingGrid(grid.environment) {
            let small = try grid.scratch.write("small.bin", randomBytes(300_000, seed: 84))
            #expect(try await grid.ferry(["put", small]).status == 0)
            // 40 s at the grid's 1 MB/s: still running when it is killed, however slowly the
            // commands between run (under CI's load an 8 s upload finished first, and `rm
            // --finished` took it too).
            let big = try grid.scratch.write("big.bin", randomBytes(40_000_000, seed: 85))
            let running = try FerryProcess.start(["put", big], environment: grid.environment)
            let proxy = grid.proxy
            try await grid.when({ proxy.forwarded > 800_000 }) {}
            let busy = try await grid.ferry(["rm", "2"])
            #expect(busy.status == 75 && busy.stderr.contains("transfer.running"), "\(busy.stderr)")
            let finished = try await grid.ferry(["rm", "--finished"])
            #expect(finished.status == 0 && finished.stderr.contains("removed 1"), "\(finished.stderr)")
            let unknown = try await grid.ferry(["rm", "9"])
            #expect(unknown.status == 66 && unknown.stderr.contains("transfer.unknown"), "\(unknown.stderr)")
            #expect(try await grid.ferry(["rm"]).status == 64, "ids, --finished or --all")
            running.kill(signal: SIGKILL)
            try await grid.when({ !running.process.isRunning }) {}
            let interrupted = try await grid.ferry(["rm", "2"])
            #expect(interrupted.status == 0 && interrupted.stderr.contains("removed 2"), "\(interrupted.stderr)")
            let listed = try await grid.ferry(["ls"])
            #expect(listed.stdout.isEmpty && listed.stderr.contains("no transfers"), "\(listed.stdout)")
            #expect(!FileManager.default.fileExists(atPath: grid.scratch.path("state/running/2.lock")), "its claim file went too")
        }
    }

    /// `ferry put -`: standard input is kept in the state directory until its upload is done
    /// or removed, so a put killed hard resumes from it like from any file, with the cap the
    /// file itself gets. A later command's sweep leaves alone a spool an unfinished upload
    /// still needs.
    @Test func standardInputIsKeptUntilItsUploadEnds() async throws {
        let grid = try await SlowGrid(bytesPerSecond: 2_000_000)
        try await FerryProcess.stoppingGrid(grid.environment) {
            let spools = grid.scratch.path("state/stdin")
            func spooled() throws -> [String] {
                try FileManager.default.contentsOfDirectory(atPath: spools).flatMap { folder in
                    try FileManager.default.contentsOfDirectory(atPath: spools + "/" + folder).map { folder + "/" + $0 }
                }
            }
            let plaintext = randomBytes(10_000_000, seed: 86)
            let file = try grid.scratch.write("backup.tar", plaintext)
            let other = try grid.scratch.write("other.bin", randomBytes(6_000_000, seed: 87))
            let proxy = grid.proxy
            for (input, name, past) in [(file, "backup.tar", 3_000_000), (other, "other.bin", 10_000_000)] {
                let running = try FerryProcess.start(["put", "-", "--name", name], environment: grid.environment, input: input)
                try await grid.when({ proxy.forwarded > past }) { running.kill(signal: SIGKILL) }
            }
            let listed = try await grid.list()
            #expect(listed.map { $0["name"] as? String } == ["backup.tar", "other.bin"] && listed.allSatisfy { $0["state"] as? String == "interrupted" },
                    "\(listed)")
            let kept = try spooled()
            #expect(kept.count == 2 && kept.filter { $0.hasSuffix("/backup.tar") }.count == 1, "\(kept)")
            if let first = kept.first(where: { $0.hasSuffix("/backup.tar") }) {
                #expect(try Data(contentsOf: URL(fileURLWithPath: spools + "/" + first)) == Data(plaintext))
            }
            // Removed, its spool goes; the other stays for its upload.
            let removed = try await grid.ferry(["rm", "2"])
            #expect(removed.status == 0, "\(removed.stderr)")
            let left = try spooled()
            #expect(left.map { $0.hasSuffix("/backup.tar") } == [true], "\(left)")
            grid.proxy.update { $0.bytesPerSecond = nil }
            let resumed = try await grid.ferry(["resume", "--all"])
            #expect(resumed.status == 0 && resumed.stderr.contains("the helper already has"), "\(resumed.stderr)")
            #expect(try spooled().isEmpty, "done: its spool is gone")
            let direct = try await grid.ferry(["put", file])
            #expect(resumed.stdout.hasPrefix("URI:CHK:") && resumed.stdout == direct.stdout, "the file's own cap: \(resumed.stdout) \(direct.stdout)")
            // Straight through, the spool goes at once; `-` twice is refused.
            let piped = try await FerryProcess.run(["put", "-"], environment: grid.environment, input: other)
            #expect(piped.status == 0 && piped.stderr.contains("stdin: read 5.72 MiB from standard input"), "\(piped.stderr)")
            #expect(try spooled().isEmpty)
            let twice = try await FerryProcess.run(["put", "-", "-"], environment: grid.environment, input: other)
            #expect(twice.status == 64 && twice.stderr.contains("standard input is read once"), "\(twice.stderr)")
            let badName = try await FerryProcess.run(["put", "-", "--name", "../x"], environment: grid.environment, input: other)
            #expect(badName.status == 64 && badName.stderr.contains("cannot name a file"), "\(badName.stderr)")
            let nameWithoutInput = try await FerryProcess.run(["put", other, "--name", "x"], environment: grid.environment)
            #expect(nameWithoutInput.status == 64 && nameWithoutInput.stderr.contains("--name names standard input"), "\(nameWithoutInput.stderr)")
        }
    }
}
