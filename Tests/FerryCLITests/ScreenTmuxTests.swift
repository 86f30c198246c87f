import Foundation
import Testing

/// The screen in a real terminal: `ferry` in tmux on the embedded grid, driven by keys as a
/// person would — add an upload, pause and resume it, resize the window, watch it finish,
/// quit — reading what is shown with capture-pane.
@Suite(.serialized) struct ScreenTmuxTests {
    static let tmux = URL(fileURLWithPath: "/usr/bin/tmux")

    final class Session {
        let scratch: Scratch
        let socket: String
        let environment: [String: String]

        init(extra: [String: String] = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]) throws {
            scratch = try Scratch()
            socket = "ferry-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            environment = ["FERRY_CONFIG": scratch.path("config.toml"), "FERRY_STATE_DIR": scratch.path("state"),
                           "FERRY_GRID_DIR": scratch.path("grid")].merging(extra) { $1 }
        }

        deinit {
            _ = try? tmux(["kill-server"])
            _ = try? FerryProcess.runBlocking(["agent", "stop"], environment: environment)
            _ = try? FerryProcess.runBlocking(["grid", "stop"], environment: environment)
        }

        @discardableResult
        func tmux(_ arguments: [String]) throws -> FerryProcess.Result {
            try FerryProcess.runBlocking(["-L", socket] + arguments, program: ScreenTmuxTests.tmux)
        }

        /// `prefix`: shell commands run before the screen in its pane.
        func start(width: Int, height: Int, name: String = "ferry", prefix: String = "") throws {
            let exports = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
            let command = prefix + "env \(exports) '\(FerryProcess.executable.path)'; echo EXIT=$?; echo TTY: $(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo); sleep 120"
            // Started, not waited for: the tmux server it leaves behind keeps the descriptor
            // Foundation watches to see a child end, so waiting would never end. Whether it
            // came up is what the next step checks.
            _ = try FerryProcess.start(["-L", socket, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command],
                                       program: ScreenTmuxTests.tmux)
        }

        /// A screen at 100×30, attached, over a config with a global `rateLimit`; and a 6 MB
        /// file `name` for it to upload.
        static func attached(uploading name: String, seed: UInt64, rateLimit: String) throws -> (Session, String) {
            let session = try Session()
            let file = try session.scratch.write(name, randomBytes(6_000_000, seed: seed))
            _ = try session.scratch.write("config.toml", Array("[transfers]\nrate_limit = \"\(rateLimit)\"\n".utf8))
            try session.start(width: 100, height: 30)
            try session.waitFor("agent ● attached")
            return (session, file)
        }

        func screen(_ name: String = "ferry") throws -> String { try tmux(["capture-pane", "-p", "-t", name]).stdout }

        /// The screen with its attributes and colours as escape sequences.
        func styledScreen() throws -> String { try tmux(["capture-pane", "-p", "-e", "-t", "ferry"]).stdout }

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "ferry"] + keys) }

        func keys(to name: String, _ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

        /// With keys, as a person would: a global rate limit (`l`), then an upload of
        /// `file` (`a`), waited for until it is sending.
        func addUpload(_ file: String, limit: String) throws {
            // Keys pressed before the screen is attached are refused ("not attached"): an
            // upload without its limit could be over before the test looks at it.
            try waitFor("attached")
            try keys("l")
            try waitFor("Rate limit")
            try keys(limit, "Enter")
            try waitUntil("the limit in the header") { $0.split(separator: "\n").first?.contains("max ") == true }
            try keys("a")
            try waitFor("Add an upload")
            try keys(file, "Enter")
            try waitFor("sending")
        }

        /// Freezes the embedded grid's storage server `name` (SIGSTOP, from `grid status`):
        /// the header says `frozen` until it is let go, then `thawed` again.
        func headerCountsFrozenServer(_ name: String, frozen: String = "storage ● 4/5", thawed: String = "storage ● 5/5") throws {
            let status = try FerryProcess.runBlocking(["grid", "status"], environment: environment).stdout
            let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(name + " ") })
            let pid = try #require(line.split(separator: "(pid ").last?.split(separator: ")").first.flatMap { pid_t($0) })
            kill(pid, SIGSTOP)
            defer { kill(pid, SIGCONT) }
            try waitFor(frozen, seconds: 30)
            kill(pid, SIGCONT)
            try waitFor(thawed, seconds: 30)
        }

        /// Waits until the row of `name` ends with `state`.
        @discardableResult
        func waitForRow(_ name: String, _ state: String, seconds: Double = 60, in session: String = "ferry") throws -> String {
            try waitUntil("\(name) \(state)", seconds: seconds, in: session) { $0.split(separator: "\n").contains { $0.contains(name) && $0.hasSuffix(state) } }
        }

        /// Waits until the screen shows `text`; answers the screen.
        @discardableResult
        func waitFor(_ text: String, seconds: Double = 60, in name: String = "ferry") throws -> String {
            try waitUntil("\"\(text)\"", seconds: seconds, in: name) { $0.contains(text) }
        }

        /// Waits until `condition` holds for the screen; answers the screen.
        @discardableResult
        func waitUntil(_ what: String, seconds: Double = 60, in name: String = "ferry", _ condition: (String) -> Bool) throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var shown = ""
            while Date() < deadline {
                shown = try screen(name)
                if condition(shown) { return shown }
                usleep(100_000)
            }
            Issue.record("the screen never showed \(what); it shows:\n\(shown)")
            throw CancellationError()
        }
    }

    @Test func addPauseResumeResizeFinishAndQuitWithKeys() throws {
        let session = try Session()
        let file = try session.scratch.write("holiday.mov", randomBytes(12_000_000, seed: 91))
        try session.start(width: 100, height: 30)
        try session.waitFor("Nothing queued yet")
        #expect(try session.screen().contains("started the local grid (`ferry grid stop` stops it)"), "a newcomer's first screen starts it")
        #expect(try session.screen().contains("helper ● online") || session.waitFor("online", seconds: 15).contains("online"))
        // A mistyped path is said in the status bar, and nothing is queued.
        try session.waitFor("attached")
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys(session.scratch.path("holidya.mov"), "Enter")
        let refused = try session.waitFor("file.not_found")
        #expect(refused.contains("Nothing queued yet"), "\(refused)")
        #expect(refused.contains("Add an upload") && refused.contains("holidya.mov"), "the dialog again, with the path to mend: \(refused)")
        try session.keys("Escape")
        try session.waitUntil("the dialog closed") { !$0.contains("Add an upload") }
        // A global limit of 1500 KiB/s keeps the upload running long enough to act on it.
        try session.keys("l")
        try session.waitFor("Rate limit")
        try session.keys("1500k", "Enter")
        try session.waitFor("max 1.46 MiB/s")
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys(file, "Enter")
        try session.waitFor("holiday.mov")
        try session.waitFor("sending")
        try session.keys("Space")
        // The row itself (a log line saying "paused" could come first on another screen).
        try session.waitForRow("holiday.mov", "paused")
        try session.keys("Space")
        try session.waitFor("sending")
        try session.tmux(["resize-window", "-t", "ferry", "-x", "50", "-y", "14"])
        let small = try session.waitFor("? help")
        #expect(small.split(separator: "\n").allSatisfy { $0.count <= 50 }, "\(small)")
        // Lift the limit so it finishes soon.
        try session.keys("l")
        try session.waitFor("Rate limit")
        try session.keys("Tab", "C-u", "0", "Enter")
        try session.waitFor("done", seconds: 120)
        try session.keys("q")
        let after = try session.waitFor("TTY:", seconds: 30)
        #expect(after.contains("EXIT=0"), "\(after)")
        // The terminal is back as it was: canonical mode and echo on again.
        #expect(after.contains("TTY: icanon echo"), "\(after)")
        let list = try FerryProcess.runBlocking(["ls", "--json"], environment: session.environment)
        #expect(list.stdout.contains("\"state\":\"done\"") && list.stdout.contains("URI:CHK:"), "\(list.stdout)")
    }

    /// `LANG=C`, `NO_COLOR`, an unknown `TERM` and a theme file with a mistake: the screen
    /// still comes up — in ASCII, without colour, on the default theme, saying what was wrong
    /// with the theme — works, and gives the terminal back.
    @Test func asciiWithoutColourOnAnUnknownTerminalWithABadTheme() throws {
        let session = try Session(extra: ["LANG": "C", "LC_ALL": "C", "NO_COLOR": "1", "TERM": "ferry-unknown-term"])
        _ = try session.scratch.write("mine.toml", Array("name = \"mine\"\n[state]\nactive = \"no-such-colour\"\n".utf8))
        _ = try session.scratch.write("config.toml", Array("[screen]\ntheme = \"\(session.scratch.path("mine.toml"))\"\n[keys]\nsort = [\"spcae\"]\n".utf8))
        let file = try session.scratch.write("notes.txt", randomBytes(200_000, seed: 5))
        // Put beforehand: a name the locale cannot show comes out as question marks (blanks before).
        let accented = try session.scratch.write("résumé.txt", randomBytes(70, seed: 6))
        #expect(try FerryProcess.runBlocking(["put", accented], environment: session.environment).status == 0)
        try session.start(width: 80, height: 24)
        try session.waitFor("mine.toml: state.active")
        // Both problems are said on the screen: the theme's hid the keys' before.
        let unwrappedScreen = try session.screen().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(unwrappedScreen.contains("keys.sort"), "\(unwrappedScreen)")
        #expect(unwrappedScreen.contains("TERM=ferry-unknown-term is not known here; drawn as xterm-256color"), "\(unwrappedScreen)")
        try session.waitFor("helper * online", seconds: 30)
        try session.waitFor("attached")
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys(file, "Enter")
        func notesRow(_ screen: String) -> Substring? { screen.split(separator: "\n").first { $0.contains("notes.txt") } }
        let done = try session.waitUntil("notes.txt done") { notesRow($0)?.hasSuffix("done") == true }
        let row = notesRow(done)
        #expect(row?.contains("##########") == true && row?.contains(" ^ ") == true, "ASCII bar and arrow: \(done)")
        #expect(done.contains("r?sum?.txt"), "\(done)")
        let ascii = done.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii, "nothing but ASCII on the screen:\n\(done)")
        let styled = try session.styledScreen()
        #expect(!styled.contains("38;5;") && styled.range(of: "\u{1B}\\[[0-9;]*3[0-7]m", options: .regularExpression) == nil,
                "no colour with NO_COLOR: \(styled.debugDescription.prefix(400))")
        try session.keys("?")
        try session.waitFor("Ferry keys")
        try session.keys("q")
        try session.keys("q")
        let after = try session.waitFor("TTY:", seconds: 30)
        #expect(after.contains("EXIT=0") && after.contains("TTY: icanon echo"), "\(after)")
        // In full, once the screen is gone (the terminal wraps it).
        let unwrapped = after.replacingOccurrences(of: "\n", with: "")
        #expect(unwrapped.contains("ferry: mine.toml: state.active: \"no-such-colour\" is not a palette colour"), "\(after)")
        #expect(unwrapped.contains("(screen.theme); using the default theme"), "\(after)")
    }

    /// Ctrl-Q reaches the screen (SCREEN.md's own example binds it to quit): with the
    /// terminal's flow control on, the terminal swallowed it and the key did nothing.
    @Test func ctrlQCanBeBoundToQuit() throws {
        let session = try Session()
        _ = try session.scratch.write("config.toml", Array("[keys]\nquit = [\"C-q\"]\n".utf8))
        try session.start(width: 80, height: 24)
        try session.waitFor("attached")
        try session.keys("C-q")
        let after = try session.waitFor("TTY:", seconds: 30)
        #expect(after.contains("EXIT=0") && after.contains("TTY: icanon echo"), "\(after)")
    }

    /// The screen's Get never replaces a file that is there (it did, unasked: data lost), and
    /// a path ending in `/` names a directory. It saves to files: `-` made a file named `-`,
    /// and a pipe was refused as a file that exists.
    @Test func getFromTheScreenKeepsWhatIsThere() throws {
        let session = try Session()
        let kept = try session.scratch.write("keep.txt", Array("precious\n".utf8))
        let pipe = session.scratch.path("pipe")
        #expect(mkfifo(pipe, 0o600) == 0)
        try session.start(width: 100, height: 24)
        try session.waitFor("attached")
        for (path, code) in [(kept, "file.exists"), (session.scratch.path("newdir") + "/", "file.no_directory"),
                             ("-", "the screen saves to files"), (pipe, "is a pipe or a device")] {
            try session.keys("g")
            try session.waitFor("Download a cap")
            try session.keys("URI:LIT:nbswy3dpbi", "Tab", path, "Enter")
            try session.waitFor(code)
            try session.keys("Escape")
            try session.waitUntil("the dialog closed") { !$0.contains("Download a cap") }
        }
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == "precious\n")
        #expect(!FileManager.default.fileExists(atPath: session.scratch.path("newdir")))
        try session.keys("q")
        _ = try session.waitFor("TTY:", seconds: 30)
    }

    /// Tab offers only names Ferry takes: one that is not UTF-8 (a Latin-1 "café") is
    /// counted and said with what to do, not offered with U+FFFD in place of its byte (a
    /// path that names no file). Then the header's count of storage servers.
    @Test func completionSaysWhatIsNotUTF8AndTheHeaderCountsServers() throws {
        let session = try Session()
        let directory = session.scratch.path("photos")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try session.scratch.write("photos/cafe.txt", Array("hi\n".utf8))
        let latin1 = Array((directory + "/caf").utf8) + [0xE9] + Array(".txt".utf8) + [0]
        let descriptor = latin1.withUnsafeBytes { open($0.baseAddress!.assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o600) }
        #expect(descriptor >= 0)
        close(descriptor)
        try session.start(width: 120, height: 24)
        try session.waitFor("attached")
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys(directory + "/caf", "Tab")
        let shown = try session.waitFor("not UTF-8")
        #expect(shown.contains("cafe.txt"), "the one name Ferry takes completes the field: \(shown)")
        #expect(shown.contains("1 name matches that is not UTF-8") && shown.contains("convmv"), "\(shown)")
        #expect(!shown.contains("\u{FFFD}"), "\(shown)")
        try session.keys("Escape")

        // The header counts the storage servers that answer: one frozen is 4/5, in the
        // header until it answers again.
        try session.waitFor("storage ● 5/5")
        try session.headerCountsFrozenServer("storage4")
        try session.keys("q")
        _ = try session.waitFor("TTY:", seconds: 30)
    }

    /// A pattern in the add dialog adds every regular file it names (the screen has no shell
    /// to expand it), says how many and what it left out; one that names nothing is refused
    /// with the dialog kept.
    @Test func aPatternAddsEveryFileItNames() throws {
        let session = try Session()
        // Typed relative to a current folder whose own name has pattern characters: taken
        // literally (it made `*.mkv` match nothing).
        let directory = session.scratch.path("films [2019]")
        try FileManager.default.createDirectory(atPath: directory + "/extras.mkv", withIntermediateDirectories: true)
        for (name, seed) in [("one.mkv", 81), ("two.mkv", 82), ("notes.txt", 83)] {
            _ = try session.scratch.write("films [2019]/" + name, randomBytes(300_000, seed: UInt64(seed)))
        }
        try session.start(width: 120, height: 24, prefix: "cd '\(directory)' && ")
        try session.waitFor("attached")
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys("*.avi", "Enter")
        try session.waitFor("nothing matches")
        #expect(try session.screen().contains("Add an upload"), "the dialog stays, to mend the pattern")
        try session.keys("C-u", "*.mkv", "Enter")
        let said = try session.waitFor("added 2 files matching *.mkv")
        #expect(said.contains("left out 1 folder"), "\(said)")
        try session.waitForRow("one.mkv", "done")
        try session.waitForRow("two.mkv", "done")
        #expect(!(try session.screen()).contains("notes.txt"))
        try session.keys("q")
        _ = try session.waitFor("TTY:", seconds: 30)
    }

    /// A config file broken while the agent runs (a typo while editing it) does not shut the
    /// person out of their transfers: the screen opens on its defaults, attaches, and says
    /// what is wrong and where; the commands name the file.
    /// The header's helper is the one the config names now: it pinged the one read when the
    /// screen opened, and said "online" beside transfers retrying a helper set since (a user
    /// test).
    @Test func theHeaderFollowsTheHelperTheConfigNames() throws {
        let session = try Session()
        try session.start(width: 100, height: 24)
        _ = try session.waitFor("helper ● online")
        let path = session.scratch.path("config.toml")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("helper = \"\""), "\(written)")
        let absent = "pb://\(String(repeating: "A", count: 43))@127.0.0.1:9/absent#v=1"
        try written.replacingOccurrences(of: "helper = \"\"", with: "helper = \"\(absent)\"").write(toFile: path, atomically: true, encoding: .utf8)
        _ = try session.waitFor("helper ● offline", seconds: 30)
        try written.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try session.waitFor("helper ● online", seconds: 30)
        // The same helper, named with a token it does not take: the ping follows the token
        // too (it kept the one it had, and said "online").
        let status = try FerryProcess.runBlocking(["grid", "status"], environment: session.environment).stdout
        let embedded = try #require(status.split(separator: "\n").first { $0.hasPrefix("helper") }?.split(separator: " ").last)
        try written.replacingOccurrences(of: "helper = \"\"", with: "helper = \"\(embedded)\"")
            .replacingOccurrences(of: "helper_token = \"\"", with: "helper_token = \"not-the-token\"").write(toFile: path, atomically: true, encoding: .utf8)
        _ = try session.waitFor("helper ● offline", seconds: 30)
        try written.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try session.waitFor("helper ● online", seconds: 30)
        try session.keys("q")
        let after = try session.waitFor("TTY:", seconds: 30)
        #expect(after.contains("EXIT=0"), "\(after)")
    }

    /// A config that names a helper and no storage servers (a machine that only uploads)
    /// has only the helper's grid: the header shows the helper's count of its servers (it
    /// showed none), and follows one that stops answering the helper. The helper is one of
    /// the test's own, over two of the grid's five servers, so its count is not the grid's.
    @Test func theHeaderCountsTheHelpersServersWhenItHasNoneOfItsOwn() throws {
        let session = try Session()
        try session.start(width: 120, height: 24)
        _ = try session.waitFor("storage ● 5/5")
        let status = try FerryProcess.runBlocking(["grid", "status"], environment: session.environment).stdout
        let servers = status.split(separator: "\n").filter { $0.hasPrefix("storage0 ") || $0.hasPrefix("storage1 ") }
        let nurls = servers.compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(nurls.count == 2, "\(status)")
        let (helper, nurl) = try NodeProcess.startBlocking(["helper", "serve"] + nurls.flatMap { ["--storage", $0] },
                                                            basedir: session.scratch.path("own-helper"), listen: nil)
        defer { kill(helper.processIdentifier, SIGKILL) }
        let path = session.scratch.path("config.toml")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("storage = []") && written.contains("helper = \"\""), "\(written)")
        try written.replacingOccurrences(of: "helper = \"\"", with: "helper = \"\(nurl)\"").write(toFile: path, atomically: true, encoding: .utf8)
        try session.waitFor("storage ● 2/2", seconds: 30)
        try session.headerCountsFrozenServer("storage1", frozen: "storage ● 1/2", thawed: "storage ● 2/2")
        try session.keys("q")
        let after = try session.waitFor("TTY:", seconds: 30)
        #expect(after.contains("EXIT=0"), "\(after)")
    }

    /// Under a TERM whose entry does not know the terminal's F1 and F3 (`ESC O P`, `ESC O R`,
    /// TERM=linux inside tmux), they do nothing: their last letters acted as keys, pause all
    /// and resume all (a user test). A paste on the list (bracketed, as tmux's `paste-buffer
    /// -p` sends it) opens the get dialog with the cap in it: each character acted as a key.
    /// Esc then `q` sent at once still close the dialog and quit.
    @Test func unknownSequencesDoNothingAndAPastedCapOpensTheGetDialog() throws {
        let session = try Session(extra: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "linux"])
        let file = try session.scratch.write("slow.bin", randomBytes(6_000_000, seed: 91))
        _ = try session.scratch.write("config.toml", Array("[transfers]\nrate_limit = \"200K\"\n".utf8))
        try session.start(width: 100, height: 30)
        try session.waitFor("attached")
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys(file, "Enter")
        try session.waitForRow("slow.bin", "sending")
        try session.keys("F1")
        try session.keys("F3")
        try session.keys("F1")
        usleep(1_500_000)
        let list = try FerryProcess.runBlocking(["ls", "--json"], environment: session.environment).stdout
        #expect(list.contains("\"state\":\"active\""), "F1 paused it: \(list)")
        #expect(try session.screen().split(separator: "\n").contains { $0.contains("slow.bin") && $0.hasSuffix("sending") })
        let cap = "URI:CHK:gmjnftpo4izaliw57iofcmntfe:5qbqwuu37773a23zhdpawi2myd3b4veogc2ohjkctqkkuenfexpq:3:10:4509715660"
        try session.tmux(["set-buffer", cap + "\n"])
        try session.tmux(["paste-buffer", "-p", "-t", "ferry"])
        let dialog = try session.waitFor("Download a cap")
        // The field shows the cap's end, where its cursor is.
        #expect(dialog.contains("ohjkctqkkuenfexpq:3:10:4509715660"), "\(dialog)")
        try session.keys("Escape")
        try session.keys("q")
        let after = try session.waitFor("TTY:", seconds: 30)
        #expect(after.contains("EXIT=0"), "\(after)")
        // The agent still runs it: nothing was paused or resumed on the way.
        let still = try FerryProcess.runBlocking(["ls", "--json"], environment: session.environment).stdout
        #expect(still.contains("\"state\":\"active\""), "\(still)")
    }

    @Test func aBrokenConfigStillOpensTheScreenOnARunningAgent() throws {
        let session = try Session()
        _ = try FerryProcess.runBlocking(["agent", "start"], environment: session.environment)
        let path = session.scratch.path("config.toml")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        try written.replacingOccurrences(of: "maximum_active = 3", with: "maximum_active = \"four\"").write(toFile: path, atomically: true, encoding: .utf8)
        let log = session.scratch.path("state/agent.log")
        var told = false  // the agent's own notice, before the screen opens (its notices are not replayed)
        for _ in 0..<100 where !told {
            usleep(100_000)
            told = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("config not applied")
        }
        #expect(told)
        let put = try FerryProcess.runBlocking(["put", path], environment: session.environment)
        #expect(put.status == 78 && put.stderr.contains("config.bad_value: \(path): transfers.maximum_active"), "\(put.stderr)")
        try session.start(width: 100, height: 24)
        try session.waitFor("attached")
        let unwrapped = { (screen: String) in screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
        let shown = unwrapped(try session.waitUntil("the screen's own notice") { unwrapped($0).contains("default theme and keys") })
        #expect(shown.contains("config.bad_value") && shown.contains("the agent keeps the settings it has"), "\(shown)")
        try session.keys("q")
        let after = try session.waitFor("TTY:", seconds: 30)
        #expect(after.contains("EXIT=0"), "\(after)")
    }


    /// once got every frame drawn on one line; the screen now says so and leaves the
    /// terminal as it was.
    @Test func aTerminalThatCannotMoveTheCursorIsRefused() throws {
        let session = try Session(extra: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "dumb"])
        try session.start(width: 80, height: 24)
        let after = try session.waitFor("TTY:", seconds: 30).replacingOccurrences(of: "\n", with: "")
        #expect(after.contains("screen.terminal: TERM=dumb cannot move the cursor") && after.contains("EXIT=64") && after.contains("TTY: icanon echo"),
                "\(after)")
        let agent = try FerryProcess.runBlocking(["agent", "status"], environment: session.environment)
        #expect(agent.status == 3, "no agent was started for a screen that cannot be shown: \(agent.stdout)")
    }

    /// `ferry` in a script (no terminal) says so with a usage status, before an agent and the
    /// embedded grid start for nothing (they did, then it exited 1).
    @Test func withoutATerminalTheScreenIsRefusedBeforeAnythingStarts() throws {
        let session = try Session()
        let screen = try FerryProcess.runBlocking([], environment: session.environment)
        #expect(screen.status == 64 && screen.stderr.contains("error: screen.terminal: the screen needs a terminal"), "\(screen.status) \(screen.stderr)")
        let agent = try FerryProcess.runBlocking(["agent", "status"], environment: session.environment)
        #expect(agent.status == 3, "\(agent.stdout)")
        let grid = try FerryProcess.runBlocking(["grid", "status"], environment: session.environment)
        #expect(!grid.stdout.contains("running"), "\(grid.stdout)")
    }

    /// The terminal going away (SIGHUP, as an ssh disconnect sends) or a SIGTERM while an
    /// upload runs: the screen gives the terminal back, and the upload goes on in the agent
    /// to its end.
    @Test(arguments: ["HUP", "TERM"]) func aHangupOrTerminateRestoresTheTerminalAndTheUploadGoesOn(_ signal: String) throws {
        let session = try Session()
        let file = try session.scratch.write("big.iso", randomBytes(8_000_000, seed: 17))
        try session.start(width: 100, height: 30)
        try session.waitFor("Nothing queued yet")
        try session.addUpload(file, limit: "500k")
        // The pane's shell runs `env … ferry`: the screen is its child.
        let shell = try session.tmux(["list-panes", "-t", "ferry", "-F", "#{pane_pid}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pids = try FerryProcess.runBlocking(["-P", shell], program: URL(fileURLWithPath: "/usr/bin/pgrep")).stdout
            .split(separator: "\n").compactMap { Int32($0) }
        #expect(pids.count == 1, "one screen: \(pids)")
        for pid in pids { kill(pid, signal == "HUP" ? SIGHUP : SIGTERM) }
        let after = try session.waitFor("TTY:", seconds: 30)
        #expect(after.contains("TTY: icanon echo"), "the terminal is back: \(after)")
        #expect(after.replacingOccurrences(of: "\n", with: "").contains("ferry: the background agent (pid ") && after.replacingOccurrences(of: "\n", with: "").contains(") goes on with 1 transfer;"), "\(after)")
        let list = try FerryProcess.runBlocking(["ls", "--json"], environment: session.environment)
        #expect(list.stdout.contains("big.iso") && list.stdout.contains("\"state\":\"active\""), "it runs on: \(list.stdout)")
        try AgentProcessTests.waitForState("done", environment: session.environment, seconds: 60)
    }

    /// A terminal gone while SIGHUP is ignored (`nohup ferry`, some ssh setups): the screen
    /// sees its input end and quits. It took every failing read for a timeout and spun on a
    /// core for as long as nobody killed it.
    @Test func aScreenWhoseTerminalIsGoneEndsWithoutAHangupSignal() throws {
        let session = try Session()
        try session.start(width: 100, height: 30, prefix: "trap '' HUP; ")
        try session.waitFor("agent ● attached")
        let shell = try session.tmux(["list-panes", "-t", "ferry", "-F", "#{pane_pid}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pids = try FerryProcess.runBlocking(["-P", shell], program: URL(fileURLWithPath: "/usr/bin/pgrep")).stdout
            .split(separator: "\n").compactMap { Int32($0) }
        #expect(pids.count == 1, "one screen: \(pids)")
        try session.tmux(["kill-server"])
        for pid in pids {
            let deadline = Date().addingTimeInterval(20)
            while kill(pid, 0) == 0, Date() < deadline { usleep(50_000) }
            let alive = kill(pid, 0) == 0
            #expect(!alive, "the screen (pid \(pid)) still runs 20 s after its terminal went")
            if alive { kill(pid, SIGKILL) }
        }
        let list = try FerryProcess.runBlocking(["agent", "status"], environment: session.environment)
        #expect(list.status == 0, "the agent runs on: \(list.stdout)\(list.stderr)")
    }

    /// The agent stopped under a screen: the row says its upload was interrupted (it stood at
    /// "sending" beside "1 active"), and follows the journal while another ferry finishes it.
    @Test func withTheAgentStoppedTheScreenFollowsTheJournal() throws {
        let (session, file) = try Session.attached(uploading: "film.iso", seed: 37, rateLimit: "700k")
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys(file, "Enter")
        try session.waitFor("sending")
        #expect(try FerryProcess.runBlocking(["agent", "stop"], environment: session.environment).status == 0)
        // Waited for as a whole: under load a frame can show the row before its counts catch up.
        let stopped = try session.waitUntil("film.iso interrupted, nothing active") { screen in
            screen.split(separator: "\n").contains { $0.contains("film.iso") && $0.hasSuffix("interrupted") } && screen.contains("agent ● stopped")
                && !screen.contains("1 active")
        }
        #expect(stopped.contains("agent ● stopped") && !stopped.contains("1 active"), "\(stopped)")
        let resumed = try FerryProcess.start(["resume", "--all"], environment: session.environment, errorLog: session.scratch.path("resume.log"))
        try session.waitForRow("film.iso", "done", seconds: 90)
        resumed.waitForExit()
        #expect(resumed.process.terminationStatus == 0, "\((try? String(contentsOfFile: session.scratch.path("resume.log"), encoding: .utf8)) ?? "")")
        #expect(try FerryProcess.runBlocking(["agent", "status"], environment: session.environment).status == 3, "the screen started no agent")
    }

    /// Issue 8's scenario: an upload started from the screen, the whole terminal killed (as
    /// when an ssh connection drops); the upload finishes anyway, and a new screen shows it
    /// done.
    @Test func killingTheTerminalLeavesTheTransferRunningAndANewScreenShowsItDone() throws {
        let session = try Session()
        let file = try session.scratch.write("film.mkv", randomBytes(6_000_000, seed: 23))
        try session.start(width: 100, height: 30)
        try session.waitFor("agent ● attached")
        try session.addUpload(file, limit: "700k")  // ~9 s: still under way when looked at
        try session.tmux(["kill-server"])
        let list = try FerryProcess.runBlocking(["ls", "--json"], environment: session.environment)
        #expect(list.stdout.contains("film.mkv") && !list.stdout.contains("\"state\":\"done\""), "still under way: \(list.stdout)")
        try AgentProcessTests.waitForState("done", environment: session.environment, seconds: 60)
        try session.start(width: 100, height: 30)
        let shown = try session.waitForRow("film.mkv", "done")
        #expect(shown.contains("agent ● attached"), "\(shown)")
    }

    /// Two screens attached to one agent: a pause in one shows in both.
    @Test func twoScreensShowTheSamePause() throws {
        let session = try Session()
        let file = try session.scratch.write("disk.img", randomBytes(8_000_000, seed: 29))
        try session.start(width: 100, height: 30)
        try session.waitFor("agent ● attached")
        try session.start(width: 90, height: 24, name: "second")
        try session.waitFor("● attached", in: "second")
        try session.addUpload(file, limit: "500k")  // ~16 s: still under way for the second pause
        try session.waitFor("sending", in: "second")
        try session.keys("Space")
        for name in ["ferry", "second"] { try session.waitForRow("disk.img", "paused", in: name) }
        try session.keys(to: "second", "Space")
        // The row going on (hashing the sent part again, asking, sending): "sending" alone
        // stays on the screen in the log while paused.
        try session.waitUntil("disk.img going on") { $0.split(separator: "\n").contains { $0.contains("disk.img") && $0.contains("%") && !$0.hasSuffix("paused") } }
        // A script's `ferry pause` reaches the agent too (through the journal it follows).
        let paused = try FerryProcess.runBlocking(["pause", "--all"], environment: session.environment)
        #expect(paused.status == 0 && paused.stderr.contains("paused 1"), "\(paused.stderr)")
        for name in ["ferry", "second"] { try session.waitForRow("disk.img", "paused", in: name) }
    }

    /// The agent stopped with SIGSTOP under an open screen (its socket stays open, silent):
    /// the screen says so within seconds, with what to do; its speeds go; a key is not sent
    /// (it acted only once the agent went on). SIGCONT: attached again, the upload goes on.
    @Test func anAgentThatStopsAnsweringIsSaidAndKeysAreNotSent() throws {
        let (session, file) = try Session.attached(uploading: "backup.tar", seed: 37, rateLimit: "400k")
        let pid = try AgentProcessTests.agentPID(session.environment)
        defer { kill(pid, SIGCONT) }  // else the cleanup's `agent stop` waits on it
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys(file, "Enter")
        try session.waitFor("sending")
        kill(pid, SIGSTOP)
        let silent = try session.waitFor("agent ● not answering", seconds: 20)
        // (The status text wraps where the width falls: read as words.)
        #expect(silent.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("`kill -CONT \(pid)`"), "\(silent)")
        #expect(silent.split(separator: "\n").first?.contains("↑ 0 B/s") == true, "no stale speed: \(silent)")
        try session.keys("Space")
        try session.waitFor("not sent: the agent (pid \(pid)) is not answering")
        kill(pid, SIGCONT)
        try session.waitFor("agent ● attached", seconds: 20)
        usleep(1_500_000)  // the pause, had it been sent, would have reached the agent by now
        let shown = try session.waitFor("backup.tar")
        #expect(!shown.split(separator: "\n").contains { $0.contains("backup.tar") && $0.hasSuffix("paused") }, "\(shown)")
        try session.waitForRow("backup.tar", "done", seconds: 60)
    }

    /// The agent killed with SIGKILL under an open screen: the screen says so, starts
    /// another, attaches to it, and the upload goes on to its end. Stopped on purpose, the
    /// agent is not started again by the screen, which waits and attaches when one starts.
    @Test func theScreenReattachesWhenItsAgentDiesOrIsStopped() throws {
        let (session, file) = try Session.attached(uploading: "photos.zip", seed: 31, rateLimit: "1500k")
        let first = try AgentProcessTests.agentPID(session.environment)
        // A limit set here, other than the config's: the new agent gets it back.
        try session.keys("l")
        try session.waitFor("Rate limit")
        try session.keys("C-u", "1000k", "Enter")  // the field starts with the limit now in force
        try session.waitFor("max 1000 KiB/s")
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys(file, "Enter")
        try session.waitFor("sending")
        kill(first, SIGKILL)
        try session.waitUntil("attached to a new agent") { _ in
            // Polled: no agent runs between the kill and the restart, which is not a failure.
            (try? AgentProcessTests.runningAgent(session.environment).pid).flatMap { $0 }.map { $0 != first } ?? false
        }
        try session.waitFor("agent ● attached")
        try session.waitFor("the rate limit set here (1000 KiB/s) applies again")
        try session.waitFor("max 1000 KiB/s")
        try session.waitForRow("photos.zip", "done", seconds: 90)
        #expect(try FerryProcess.runBlocking(["agent", "stop"], environment: session.environment).status == 0)
        try session.waitFor("agent ● stopped")
        usleep(2_500_000)
        #expect(try FerryProcess.runBlocking(["agent", "status"], environment: session.environment).status == 3, "the screen started none")
        #expect(try FerryProcess.runBlocking(["agent", "start"], environment: session.environment).status == 0)
        try session.waitFor("agent ● attached")
        // Stopped on purpose and started again: the config's limit, as the person asked, and
        // said (it changed without a word).
        try session.waitFor("max 1.46 MiB/s")
        try session.waitFor("the new agent took its config's rate limit: 1.46 MiB/s (was 1000 KiB/s)")
    }
}
