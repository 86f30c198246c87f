import FerryClient
import FerryIO
import Foundation

/// Finds the running agent, or starts one: `ferry agent run` in its own session (so a
/// closed terminal, an ssh disconnect or `kill -HUP` of the screen does not reach it), its
/// output appended to the agent log, waited for until it answers.
public enum AgentLauncher {
    /// The agent's welcome, or why none came (`agent.not-running` when nobody listens).
    public static func probe(_ socket: String, software: String) async -> Result<AgentClient.Welcome, AgentError> {
        do {
            return .success(try await AgentClient.connect(socket: socket, software: software) { _, welcome in welcome })
        } catch let error as AgentError where error.code == AgentError.gone.code {
            return .failure(.notRunning(socket))  // ended before a welcome: a killed agent's last moments
        } catch let error as AgentError {
            return .failure(error)
        } catch {
            return .failure(.notRunning(socket))
        }
    }

    /// The running agent's welcome, starting `executable agent run` first when none
    /// answers; `started` says which. An agent that refuses (another protocol version) is
    /// an error, not a reason to start a second.
    public static func ensure(paths: AgentPaths, executable: String, software: String,
                              seconds: Double = 30) async throws -> (welcome: AgentClient.Welcome, started: Bool) {
        switch await probe(paths.socket, software: software) {
        case .success(let welcome): return (welcome, false)
        case .failure(let error) where error.code == AgentError.stopped.code:
            // One is on its way out: start the next once it has let go of the lock.
            _ = try await AgentLock.waitForRelease(paths.lock, seconds: seconds)
        case .failure(let error) where !error.meansNoAgent: throw error.naming(lock: paths.lock)
        case .failure: break
        }
        try paths.prepare()
        // One that holds the lock but does not answer yet is starting: wait for it instead.
        let pid = try AgentLock.holder(paths.lock) ?? DetachedProcess.spawn(executable, ["agent", "run"], log: paths.log)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            switch await probe(paths.socket, software: software) {
            case .success(let welcome): return (welcome, true)
            case .failure(let error) where !error.meansNoAgent: throw error
            case .failure: break
            }
            if !DetachedProcess.isAlive(pid), AgentLock.holder(paths.lock) == nil {
                throw startFailure(paths.log)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw AgentError(code: "agent.start-failed", message: "the agent (pid \(pid)) did not answer within \(Int(seconds)) s; see \(paths.log)")
    }

    /// Why an agent exited at start: the error it gave, if its log ends with one, else the
    /// log's last lines. The screen shows this on one line, and the tail cut there hid the
    /// reason behind earlier lines. A config's error keeps its code (`config.syntax`, exit
    /// 78: the file is what to mend), said once; anything else is `agent.start-failed` (69).
    static func startFailure(_ log: String) -> AgentError {
        let tail = logTail(log)
        guard let line = tail.split(separator: "\n").last(where: { $0.hasPrefix("error: ") }) else {
            return AgentError(code: "agent.start-failed", message: "the agent exited at start; its log (\(log)) ends:\n\(tail)")
        }
        let error = line.dropFirst("error: ".count)
        let code = error.split(separator: ":").first.map(String.init) ?? ""
        guard code.hasPrefix("config.") else {
            return AgentError(code: "agent.start-failed", message: "the agent could not start: \(error) (log: \(log))")
        }
        return AgentError(code: code, message: "the agent could not start: \(error.dropFirst(code.count + 2)) (log: \(log))")
    }

    /// The last lines of the agent's log.
    static func logTail(_ path: String, lines: Int = 8) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
