import FerryAgent
import FerryClient
import FerryTestSupport
import Foundation
import Testing

/// Where the agent listens, and the one-agent lock.
@Suite struct AgentPathsTests {
    func paths(_ environment: [String: String]) -> AgentPaths {
        AgentPaths(client: ClientPaths(environment: environment), environment: environment)
    }

    @Test func besideTheJournalWhateverTheRuntimeDirectory() {
        // Not in XDG_RUNTIME_DIR, which goes at logout while the agent runs on: a login with
        // one, a cron shell without, or another's, all find the same agent.
        for runtime in ["/run/user/1000", "relative/ignored", "/tmp/other"] {
            let agent = paths(["HOME": "/home/ann", "XDG_RUNTIME_DIR": runtime])
            #expect(agent.socket == "/home/ann/.local/state/ferry/run/agent.sock" && agent.lock == "/home/ann/.local/state/ferry/run/agent.lock")
            #expect(agent.log == "/home/ann/.local/state/ferry/agent.log")
        }
        let noRuntime = paths(["HOME": "/home/ann"])
        #expect(noRuntime.socket == "/home/ann/.local/state/ferry/run/agent.sock")
        let ownJournal = paths(["HOME": "/home/ann", "XDG_RUNTIME_DIR": "/run/user/1000", "FERRY_STATE_DIR": "/srv/job/state"])
        #expect(ownJournal.socket == "/srv/job/state/run/agent.sock", "another journal is another agent")
        let chosen = paths(["HOME": "/home/ann", "FERRY_STATE_DIR": "/srv/job/state", "FERRY_AGENT_DIR": "/tmp/a"])
        #expect(chosen.socket == "/tmp/a/agent.sock" && chosen.log == "/srv/job/state/agent.log")
    }

    @Test func aSocketPathTooLongToBindIsAClearError() {
        let long = paths(["HOME": "/home/ann", "FERRY_AGENT_DIR": "/tmp/" + String(repeating: "d", count: 100)])
        #expect(throws: AgentError.self) { try long.prepare() }
        do { try long.prepare() } catch { #expect(error.code == "agent.path-too-long") }
    }

    @Test func theDirectoryIsPrivate() throws {
        let directory = TemporaryDirectory("ferry-agent-paths-")
        let paths = paths(["HOME": "/home/ann", "FERRY_STATE_DIR": directory.path + "/state"])
        try paths.prepare()
        var info = stat()
        #expect(stat(paths.directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    @Test func oneAgentHoldsTheLockAndSaysWho() async throws {
        let directory = TemporaryDirectory("ferry-agent-lock-")
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let path = directory.path + "/agent.lock"
        #expect(AgentLock.holder(path) == nil)
        var first = try AgentLock.take(path)
        #expect(first != nil)
        #expect(try AgentLock.take(path) == nil, "a second agent is turned away")
        #expect(AgentLock.holder(path) == getpid())
        first = nil
        // Another test's process spawned while the lock was open holds a copy of its
        // descriptor until its exec; on a starved machine that can take a while.
        #expect(try await AgentLock.waitForRelease(path, seconds: 20), "let go when its holder ends")
        #expect(try AgentLock.take(path) != nil)
    }
}
