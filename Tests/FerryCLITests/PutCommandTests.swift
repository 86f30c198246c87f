import FerryClient
import FerryCore
import FerryTestSupport
import Foundation
import Testing

/// `ferry put` and `ferry grid` as a newcomer meets them: no config, the embedded grid
/// started on demand.
@Suite(.serialized) struct PutCommandTests {
    @Test func aNewcomerPutsAtOnceOnTheEmbeddedGrid() async throws {
        let scratch = try Scratch()
        let environment = GetCommandTests.environment(scratch)
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(2_500_000, times: 48271 >> 4)
            let file = try scratch.write("photo.jpg", plaintext)
            let put = try await FerryProcess.run(["put", file], environment: environment)
            #expect(put.status == 0, "\(put.stderr)")
            #expect(put.stderr.hasPrefix("wrote a new convergence secret into \(environment["FERRY_CONFIG"]!) (keep it: with another secret the same file gets another cap)\nstarted the local grid (`ferry grid stop` stops it)\n"), "\(put.stderr)")
            // Piped, standard error logs each phase as it starts, and the end.
            #expect(put.stderr.contains("photo.jpg: hashing\n") && put.stderr.contains("photo.jpg: sending\n") && put.stderr.contains("photo.jpg: done\n"),
                    "\(put.stderr)")
            let cap = put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            // The cap is the one a local encode gives with the secret written on first use.
            let config = try ClientConfig.parse(String(contentsOfFile: environment["FERRY_CONFIG"]!, encoding: .utf8))
            let expected = try await FerryProcess.run(["debug", "encode", file, "--out", scratch.path("expected"), "--convergence", config.convergenceSecret.base32])
            #expect(cap == expected.stdout.trimmingCharacters(in: .whitespacesAndNewlines) && cap.hasPrefix("URI:CHK:"))
            #expect(try await FerryProcess.run(["grid", "status"], environment: environment).status == 0, "the grid runs")
            // The journal (read caps) and the grid (swissnums) are this user's only; so is the
            // helper's list of storage NURLs, kept off its command line, which `ps` shows to all.
            for directory in [scratch.path("state"), scratch.path("grid")] {
                var info = stat()
                #expect(stat(directory, &info) == 0 && info.st_mode & 0o777 == 0o700, "\(directory): \(String(info.st_mode & 0o777, radix: 8))")
            }
            let helperPID = try String(contentsOfFile: scratch.path("grid/helper/node.pid"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let commandLine = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(helperPID)/cmdline"))
            #expect(!String(decoding: commandLine, as: UTF8.self).contains("pb://"), "\(String(decoding: commandLine, as: UTF8.self))")
            // Stopped, then needed again: started on demand with the same NURLs; the file is found.
            let before = try await FerryProcess.run(["grid", "status"], environment: environment).stdout
            _ = try await FerryProcess.run(["grid", "stop"], environment: environment)
            let stopped = try await FerryProcess.run(["grid", "status"], environment: environment)
            #expect(stopped.status == 3 && stopped.stdout.contains("stopped"))
            // A pid file naming a live process that is not the node (its number taken again):
            // not taken for the node, and not signalled (the node's lock says who runs).
            let stranger = Process()
            stranger.executableURL = URL(fileURLWithPath: "/bin/sleep")
            stranger.arguments = ["30"]
            try Spawning.run(stranger)
            defer { stranger.terminate() }
            try "\(stranger.processIdentifier)\n".write(toFile: scratch.path("grid/helper/node.pid"), atomically: true, encoding: .utf8)
            #expect(try await FerryProcess.run(["grid", "status"], environment: environment).stdout.contains("helper    stopped"))
            _ = try await FerryProcess.run(["grid", "stop"], environment: environment)
            #expect(stranger.isRunning, "grid stop signalled a stranger")
            let again = try await FerryProcess.run(["put", file], environment: environment)
            #expect(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == cap)
            #expect(again.stderr.contains("already in the grid") && again.stderr.contains("started the local grid"), "\(again.stderr)")
            let running = try await FerryProcess.run(["put", file], environment: environment)
            #expect(!running.stderr.contains("started the local grid"), "running already: \(running.stderr)")
            let after = try await FerryProcess.run(["grid", "status"], environment: environment).stdout
            #expect(Self.nurls(before) == Self.nurls(after) && Self.nurls(after).count == 6)
        }
    }

    /// The same file named twice, and a copy of it, in one command: every name gets the
    /// cap, in order. Named twice, it once failed the whole command ("already being
    /// transferred by another ferry"); two copies sent at once took the helper's upload
    /// from each other and one failed. A finished upload counts the file's bytes, not the
    /// push's share bytes.
    @Test func theSameContentsTwiceInOneCommandAllGetTheirCap() async throws {
        let scratch = try Scratch()
        let environment = scratch.ferryEnvironment
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(6_000_000, times: 16807 >> 2)
            let file = try scratch.write("disk.img", plaintext)
            let copy = try scratch.write("disk copy.img", plaintext)
            let put = try await FerryProcess.run(["put", file, copy, file], environment: environment)
            #expect(put.status == 0, "\(put.stderr)")
            let caps = put.stdout.split(separator: "\n").map(String.init)
            #expect(caps.count == 3 && Set(caps).count == 1 && caps[0].hasPrefix("URI:CHK:"), "\(put.stdout)")
            let listed = try await FerryProcess.run(["ls", "--json"], environment: environment)
            let entries = Self.events(listed.stdout)
            #expect(entries.count == 2 && entries.allSatisfy { $0["state"] as? String == "done" }, "\(listed.stdout)")
            #expect(entries.allSatisfy { ($0["total"] as? Int) == plaintext.count && ($0["done"] as? Int) == plaintext.count }, "\(listed.stdout)")
        }
    }

    /// Names are bytes: `café` composed (NFC) and decomposed (NFD, as trees copied from macOS
    /// have them) are two files. Swift's string equality holds them equal, and one file's cap
    /// was printed for both, the other never uploaded (a user test).
    @Test func namesThatDifferOnlyInUnicodeFormAreTwoFiles() async throws {
        let scratch = try Scratch()
        let environment = scratch.ferryEnvironment
        try await FerryProcess.stoppingGrid(environment) {
            let composed = try scratch.write("caf\u{E9}", randomBytes(3_000, seed: 91))
            let decomposed = try scratch.write("cafe\u{301}", randomBytes(4_000, seed: 92))
            #expect(!composed.utf8.elementsEqual(decomposed.utf8))
            let put = try await FerryProcess.run(["put", composed, decomposed], environment: environment)
            let caps = put.stdout.split(separator: "\n").map(String.init)
            #expect(put.status == 0 && caps.count == 2 && caps[0].hasSuffix(":3000") && caps[1].hasSuffix(":4000"), "\(put)")
            let listed = Self.events(try await FerryProcess.run(["ls", "--json"], environment: environment).stdout)
            #expect(listed.count == 2, "\(listed)")
        }
    }

    /// `--json` as docs/SCRIPTING.md describes it: every transfer line carries its fields, the
    /// phases are the documented ones, `total` counts share bytes while the helper pushes,
    /// the last transfer line is the file's size, and the cap comes in a `done` event.
    @Test func jsonEventsKeepTheDocumentedShape() async throws {
        let scratch = try Scratch()
        let environment = scratch.ferryEnvironment
        try await FerryProcess.stoppingGrid(environment) {
            let plaintext = PatternBytes.linear(5_000_000, times: 69621 >> 3)
            let file = try scratch.write("data.bin", plaintext)
            let put = try await FerryProcess.run(["put", file, "--json"], environment: environment)
            #expect(put.status == 0, "\(put.stderr)")
            let events = Self.events(put.stdout)
            let transfers = events.filter { $0["event"] as? String == "transfer" }
            let fields: Set<String> = ["id", "kind", "name", "state", "phase", "done", "total", "speed"]
            #expect(!transfers.isEmpty && transfers.allSatisfy { fields.isSubset(of: $0.keys) }, "\(put.stdout)")
            let uploadPhases: Set<String> = ["", "keying", "asking", "waiting", "hashing", "sending", "verifying", "receiving", "encoding", "pushing", "done"]
            let seen = Set(transfers.compactMap { $0["phase"] as? String })
            #expect(seen.isSubset(of: uploadPhases) && seen.contains("sending"), "\(seen)")
            let pushing = transfers.filter { $0["phase"] as? String == "pushing" }.compactMap { $0["total"] as? Int }
            #expect(pushing.contains { $0 > plaintext.count * 3 }, "share bytes (10 of 3) while pushing: \(pushing)")
            let last = try #require(transfers.last)
            #expect(last["state"] as? String == "done" && last["done"] as? Int == plaintext.count && last["total"] as? Int == plaintext.count, "\(last)")
            let done = try #require(events.last)
            #expect(done["event"] as? String == "done" && (done["cap"] as? String)?.hasPrefix("URI:CHK:") == true && done["file"] as? String == file, "\(done)")
            let cap = try #require(done["cap"] as? String)
            let get = try await FerryProcess.run(["get", cap, "-o", scratch.path("back.bin"), "--json"], environment: environment)
            #expect(get.status == 0, "\(get.stderr)")
            let fetched = Self.events(get.stdout)
            #expect(Set(fetched.compactMap { $0["phase"] as? String }).isSubset(of: ["", "fetching", "verifying"]), "\(get.stdout)")
            let ended = try #require(fetched.last)
            #expect(ended["state"] as? String == "done" && ended["kind"] as? String == "download" && ended["total"] as? Int == plaintext.count
                    && ended["cap"] as? String == cap, "\(ended)")
            // Streamed (-o -): the downloader's own events on standard error, ending in `done`.
            let streamed = try await FerryProcess.run(["get", cap, "-o", "-", "--json"], environment: environment)
            let told = Self.events(streamed.stderr)
            #expect(streamed.stdoutData == Data(plaintext) && told.last?["event"] as? String == "done"
                    && told.contains { $0["event"] as? String == "wrote" } && told.allSatisfy { $0["file"] as? String == "stdout" }, "\(streamed.stderr)")
            // Refused before anything is fetched: an event, as put's for a file it cannot read.
            let refused = try await FerryProcess.run(["get", "URI:CHK:bogus", "-o", scratch.path("x"), "--json"], environment: environment)
            #expect(refused.status == 65 && Self.events(refused.stdout).first?["event"] as? String == "refused"
                    && Self.events(refused.stdout).first?["code"] as? String == "transfer.bad_cap", "\(refused.stdout)")
        }
    }

    static func events(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// `put -` says how much it has read while it reads; stopped (Ctrl-C) while it still
    /// reads its input, it leaves nothing behind: the partial spool is deleted at once, and
    /// it says so.
    @Test func standardInputStoppedWhileReadingLeavesNothing() async throws {
        let scratch = try Scratch()
        let environment = scratch.ferryEnvironment
        try await FerryProcess.stoppingGrid(environment) {
            let fifo = scratch.path("input")
            #expect(mkfifo(fifo, 0o600) == 0)
            let writer = open(fifo, O_RDWR)  // a writer first, so the reader's open does not wait
            defer { close(writer) }
            let chunk = [UInt8](repeating: 7, count: 50_000)  // under the pipe's 64 KiB: nobody reads yet
            #expect(chunk.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == chunk.count)
            let running = try FerryProcess.start(["put", "-", "--name", "stream.tar", "--json"], environment: environment,
                                                 errorLog: scratch.path("put.log"), outputLog: scratch.path("put.json"), input: fifo)
            let (spools, events) = (scratch.path("state/stdin"), scratch.path("put.json"))
            // With --json, how much has been read is said while the input is still open (it
            // was said once, at the end: a long `tar c | ferry put -` showed nothing).
            let (started, _) = try await OffThePool.when({
                let folders = (try? FileManager.default.contentsOfDirectory(atPath: spools)) ?? []
                let json = (try? String(contentsOfFile: events, encoding: .utf8)) ?? ""
                return folders.contains { FileManager.default.fileExists(atPath: spools + "/" + $0 + "/stream.tar") }
                    && json.contains("{\"bytes\":50000,\"event\":\"read\",\"file\":\"stream.tar\"}")
            }, every: 0.05, within: 30) { running.kill(signal: SIGINT) }
            #expect(started, "\((try? String(contentsOfFile: scratch.path("put.json"), encoding: .utf8)) ?? "")")
            let said = (try? String(contentsOfFile: scratch.path("put.log"), encoding: .utf8)) ?? ""
            #expect(running.process.terminationStatus == 130 && said.contains("stream.tar: stopped while reading standard input; nothing was queued"),
                    "\(running.process.terminationStatus): \(said)")
            #expect((try? FileManager.default.contentsOfDirectory(atPath: spools)) == [], "the partial spool is gone")
            let last = Self.events((try? String(contentsOfFile: scratch.path("put.json"), encoding: .utf8)) ?? "").last
            #expect(last?["event"] as? String == "stopped" && last?["file"] as? String == "stream.tar", "with --json, said as an event: \(String(describing: last))")
        }
    }

    @Test func badInputGetsClearErrorsAndExitCodes() async throws {
        let scratch = try Scratch()
        let environment = scratch.ferryEnvironment
        try await FerryProcess.stoppingGrid(environment) {
            // The screen: a theme named on the command line is checked before anything starts.
            let theme = try await FerryProcess.run(["screen", "--theme", "bogus"], environment: environment)
            #expect(theme.status == 64 && theme.stderr.contains("no theme \"bogus\" (shipped: default, high-contrast, light, mono"), "\(theme.stderr)")
            let missing = try await FerryProcess.run(["put", scratch.path("nope")], environment: environment)
            #expect(missing.status == 66 && missing.stderr.contains("file.not_found"), "\(missing.stderr)")
            try FileManager.default.createDirectory(atPath: scratch.path("adir"), withIntermediateDirectories: true)
            let directory = try await FerryProcess.run(["put", scratch.path("adir")], environment: environment)
            #expect(directory.status == 66 && directory.stderr.contains("file.unreadable") && directory.stderr.contains("is a directory; ferry put sends files"),
                    "\(directory.stderr)")
            // A device is no file: a way to send some of it (`put - < /dev/zero` never ends).
            let device = try await FerryProcess.run(["put", "/dev/zero"], environment: environment)
            #expect(device.status == 66 && device.stderr.contains("/dev/zero is a device, not a file; to upload some of what it gives: `head -c SIZE /dev/zero | ferry put - --name NAME`"),
                    "\(device.stderr)")
            // An empty argument (an unset variable) is not the current directory; a symbolic link
            // loop is an unreadable input (66), not a write error (74).
            let empty = try await FerryProcess.run(["put", ""], environment: environment)
            #expect(empty.status == 64 && empty.stderr.contains("an empty file name"), "\(empty.stderr)")
            let emptyOutput = try await FerryProcess.run(["get", "URI:LIT:nbswy3dp", "-o", ""], environment: environment)
            #expect(emptyOutput.status == 64 && emptyOutput.stderr.contains("-o was given an empty path"), "\(emptyOutput.stderr)")
            // A name that starts with a dash (a glob over `-leading-dash`) is not taken for a
            // cluster of options: one with `h` printed the help and ended 0, nothing uploaded.
            let dashed = try await FerryProcess.run(["put", "-leading-dash", scratch.path("nope")], environment: environment)
            #expect(dashed.status == 64 && dashed.stderr.contains("-leading-dash is not an option") && dashed.stdout.isEmpty, "\(dashed)")
            // A name that is not UTF-8 is said as such (it was looked for under another name,
            // with U+FFFD in it). Made by the shell: Foundation passes arguments as text.
            let latin = try await FerryProcess.run(["-c", "exec \"$0\" put \"$(printf 'caf\\351.txt')\"", FerryProcess.executable.path],
                                                   program: URL(fileURLWithPath: "/bin/sh"), environment: environment)
            #expect(latin.status == 64 && latin.stderr.contains("is not valid UTF-8"), "\(latin)")
            #expect(symlink(scratch.path("loop"), scratch.path("loop")) == 0)
            let loop = try await FerryProcess.run(["put", scratch.path("loop")], environment: environment)
            #expect(loop.status == 66 && loop.stderr.contains("file.unreadable"), "\(loop.stderr)")
            // A newline in a name is shown as `?`: each file's lines stay whole.
            let oddName = try scratch.write("two\nlines.txt", Array("hi".utf8))
            let odd = try await FerryProcess.run(["put", oddName], environment: environment)
            #expect(odd.status == 0 && odd.stderr.contains("two?lines.txt: done") && !odd.stderr.contains("two\n"), "\(odd.stderr)")
            try "[client]\nconvergence_secret = \"x\"\n".write(toFile: scratch.path("bad.toml"), atomically: true, encoding: .utf8)
            // A FERRY_CONFIG in a directory that does not exist is a typo, not a first use.
            let typo = try await FerryProcess.run(["put", scratch.path("bad.toml")], environment: ["FERRY_CONFIG": scratch.path("nodir/c.toml")])
            #expect(typo.status == 78 && typo.stderr.contains("config.bad_value: FERRY_CONFIG: names \(scratch.path("nodir/c.toml")), whose directory does not exist")
                    && !FileManager.default.fileExists(atPath: scratch.path("nodir")), "\(typo.stderr)")
            let badConfig = try await FerryProcess.run(["put", scratch.path("bad.toml"), "--json"], environment: ["FERRY_CONFIG": scratch.path("bad.toml")])
            #expect(badConfig.status == 78 && badConfig.stderr.contains("client.convergence_secret"), "\(badConfig.stderr)")
            // With --json the command's end is said where the events go (nothing was there).
            let ended = Self.events(badConfig.stdout).last
            #expect(ended?["event"] as? String == "failed" && (ended?["code"] as? String)?.hasPrefix("config.") == true, "\(badConfig.stdout)")
            let small = try scratch.write("note.txt", Array("tiny".utf8))
            // A cap that cannot be written (a full disk under standard output; here one open
            // only for reading) is an error, not a silent 0.
            let readOnly = FileHandle(forReadingAtPath: small)
            let full = try FerryProcess.start(["put", small], environment: environment, errorLog: scratch.path("full.log"), output: readOnly)
            full.waitForExit()
            let fullSaid = (try? String(contentsOfFile: scratch.path("full.log"), encoding: .utf8)) ?? ""
            #expect(full.process.terminationStatus == 74 && fullSaid.contains("output.unwritable"), "\(full.process.terminationStatus): \(fullSaid)")
            let lit = try await FerryProcess.run(["put", small, "--json"], environment: environment)
            #expect(lit.stdout.contains("\"cap\":\"URI:LIT:") && lit.stdout.contains("\"file\":\"\(small)\""), "paths as they are (no \\/): \(lit.stdout)")
            // A file that cannot be read is refused before it is queued; the others go ahead.
            let mixed = try await FerryProcess.run(["put", scratch.path("typo.txt"), small], environment: environment)
            #expect(mixed.status == 66 && mixed.stderr.contains("typo.txt: file.not_found"), "\(mixed.stderr)")
            #expect(mixed.stdout.hasPrefix("URI:LIT:"), "the readable file's cap: \(mixed.stdout)")
            // Files kept in their caps, and files refused, start no grid.
            #expect(![lit, mixed, missing].contains { $0.stderr.contains("started the local grid") }, "\(lit.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.path("grid")), "no grid was started")
            let scripted = try await FerryProcess.run(["put", "--json", scratch.path("typo.txt")], environment: environment)
            #expect(scripted.status == 66 && scripted.stdout.contains(#""code":"file.not_found","event":"refused","file":"#), "\(scripted.stdout)")
            let listed = try await FerryProcess.run(["ls", "--json"], environment: environment).stdout
            #expect(!listed.contains("nope") && !listed.contains("typo.txt") && !listed.contains("\"failed\""), "nothing failed is queued: \(listed)")
            #expect(listed.contains("note.txt"), "\(listed)")
        }
    }

    static func nurls(_ status: String) -> [Substring] {
        status.split(separator: "\n").compactMap { $0.split(separator: " ").last }
    }
}
