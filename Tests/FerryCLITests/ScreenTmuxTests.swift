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

        init() throws {
            scratch = try Scratch()
            socket = "ferry-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            environment = ["FERRY_CONFIG": scratch.path("config.toml"), "FERRY_STATE_DIR": scratch.path("state"),
                           "FERRY_GRID_DIR": scratch.path("grid"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        }

        deinit {
            _ = try? tmux(["kill-server"])
            _ = try? FerryProcess.run(["grid", "stop"], environment: environment)
        }

        @discardableResult
        func tmux(_ arguments: [String]) throws -> FerryProcess.Result {
            try FerryProcess.run(["-L", socket] + arguments, program: ScreenTmuxTests.tmux)
        }

        func start(width: Int, height: Int) throws {
            let exports = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
            let command = "env \(exports) '\(FerryProcess.executable.path)'; echo EXIT=$?; echo TTY: $(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo); sleep 120"
            // Started, not waited for: the tmux server it leaves behind keeps the descriptor
            // Foundation watches to see a child end, so waiting would never end. Whether it
            // came up is what the next step checks.
            _ = try FerryProcess.start(["-L", socket, "new-session", "-d", "-s", "ferry", "-x", "\(width)", "-y", "\(height)", command],
                                       program: ScreenTmuxTests.tmux)
        }

        func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "ferry"]).stdout }

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "ferry"] + keys) }

        /// Waits until the screen shows `text`; answers the screen.
        @discardableResult
        func waitFor(_ text: String, seconds: Double = 60) throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var shown = ""
            while Date() < deadline {
                shown = try screen()
                if shown.contains(text) { return shown }
                usleep(100_000)
            }
            Issue.record("the screen never showed \"\(text)\"; it shows:\n\(shown)")
            throw CancellationError()
        }
    }

    @Test func addPauseResumeResizeFinishAndQuitWithKeys() throws {
        let session = try Session()
        let file = try session.scratch.write("holiday.mov", randomBytes(12_000_000, seed: 91))
        try session.start(width: 100, height: 30)
        try session.waitFor("Nothing queued yet")
        #expect(try session.screen().contains("helper ● online") || session.waitFor("online", seconds: 15).contains("online"))
        // A global limit of 1.5 MB/s keeps the upload running long enough to act on it.
        try session.keys("l")
        try session.waitFor("Rate limit")
        try session.keys("1500k", "Enter")
        try session.waitFor("limit 1.43 MiB/s")
        try session.keys("a")
        try session.waitFor("Add an upload")
        try session.keys(file, "Enter")
        try session.waitFor("holiday.mov")
        try session.waitFor("sending")
        try session.keys("Space")
        let paused = try session.waitFor("paused")
        let row = paused.split(separator: "\n").first { $0.contains("holiday.mov") && $0.contains("%") }
        #expect(row?.hasSuffix("paused") == true, "\(paused)")
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
        let list = try FerryProcess.run(["ls", "--json"], environment: session.environment)
        #expect(list.stdout.contains("\"state\":\"done\"") && list.stdout.contains("URI:CHK:"), "\(list.stdout)")
    }
}
