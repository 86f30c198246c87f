import ArgumentParser
import FerryAgent
import FerryCore
import Foundation

/// `ferry agent start|stop|status|run`: the per-user background agent that owns the queue.
struct Agent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The background agent that runs transfers (the screen and commands attach to it).",
        discussion: """
            One agent per user runs the queue, so transfers go on when the terminal closes or \
            ssh drops. `ferry` (the screen) starts it when none runs; `ferry put`, `get` and \
            `resume` hand their transfers to it when it runs, and run them themselves when \
            not. It listens on a Unix socket in the state directory's run/ (beside the \
            journal, so it is found again after a logout) that only this user may use; its \
            log is agent.log in the state directory. Stopping it leaves the transfers in the \
            journal: they resume at its next start.
            """,
        subcommands: [AgentStart.self, AgentStop.self, AgentStatusCommand.self, AgentRun.self]
    )
}

struct AgentStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start the agent in the background (if none runs).")

    func run() async throws {
        do {
            let (welcome, started) = try await AgentAccess().ensure()
            printNow(started ? "agent started (pid \(welcome.pid))" : "agent already running (pid \(welcome.pid))")
        } catch {
            throw fail(error)
        }
    }
}

struct AgentStop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop the agent; its transfers wait in the journal.",
        discussion: "Open screens stay open and attach again when an agent next starts."
    )

    func run() async throws {
        do {
            let access = AgentAccess()
            let stopping = try await access.ifRunning { client, welcome in
                _ = try await client.request(.stop)
                return welcome.pid
            }
            guard let pid = stopping else { return printError("no agent is running") }
            // Gone once its lock is free (the journal is saved by then).
            guard try await AgentLock.waitForRelease(access.paths.lock, seconds: 30) else {
                throw AgentError(code: "agent.stop-failed", message: "the agent (pid \(pid)) did not stop within 30 s")
            }
            printNow("agent stopped (pid \(pid))")
        } catch {
            throw fail(error)
        }
    }
}

struct AgentStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show whether the agent runs, and what it is doing.",
        discussion: "Exits 3 when no agent runs."
    )

    @Flag(name: .long, help: "One JSON object.") var json = false

    func run() async throws {
        do {
            let access = AgentAccess()
            guard let status = try await access.ifRunning({ client, _ in try await client.request(.status) })?.status else {
                if json { printNow(#"{"running":false}"#) } else { printNow("agent not running (socket \(access.paths.socket))") }
                throw ExitCode(3)
            }
            let others = max(0, status.clients - 1)  // this command's own connection is one
            if json {
                var shown = status
                shown.clients = others
                // With `running`, as when none runs, so a script reads one field either way.
                var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(shown)) as? [String: Any] ?? [:]
                object["running"] = true
                printNow(jsonLine(object) ?? "{}")
                return
            }
            let started = Date(timeIntervalSince1970: status.started).formatted(.iso8601)
            printNow("agent running (pid \(status.pid)), \(status.software), protocol \(status.protocolVersion)")
            printNow("socket    \(status.socket)")
            printNow("started   \(started)")
            printNow("transfers \(status.transfers) (\(status.active) active), \(others) other client\(others == 1 ? "" : "s") attached")
            if let problem = status.configProblem { printNow("config    not applied: \(problem) (the agent keeps the settings it has)") }
            if let maximumActive = status.maximumActive, let rateLimit = status.rateLimit {
                printNow("limits    \(maximumActive) at once, \(rateLimit == 0 ? "no rate limit" : HumanFormat.rate(Double(rateLimit)) + " in all")")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }
}
