import FerryAgent
import FerryClient
import FerryCore
import FerryTestSupport
import Foundation
import Testing

/// The agent's own client against a real agent over its socket (part of
/// ``AgentServerTests``, so it runs apart with them: see scripts/test).
extension AgentServerTests {
    @Test func theClientIsWelcomedRunsCommandsAndWatches() async throws {
        try await withAgent { path, _ in
            try await AgentClient.connect(socket: path, software: "ferry test") { client, welcome in
                #expect(welcome == AgentClient.Welcome(protocolVersion: AgentProtocol.current, software: "ferry test", pid: getpid()))
                let watch = try await client.watch()
                let (snapshot, events) = (watch.snapshot, watch.events)
                #expect(snapshot.transfers.isEmpty)
                let request = TransferRequest.upload(path: "/nowhere/holiday.mov")
                let first = try await client.request(.add(request: request, priority: 0))
                let added = try #require(first.transfer)
                let second = try await client.request(.add(request: request, priority: 0))
                let again = try #require(second.transfer)
                #expect(again.id == added.id, "the same file queued twice is one transfer")
                #expect(first.existing == nil && second.existing == true, "the answer says which (the screen tells the person)")
                // Another cap into a path a download writes is refused with its code.
                _ = try await client.request(.add(request: .download(cap: "URI:CHK:a", destination: "/nowhere/x.img"), priority: 0))
                await #expect(throws: AgentError.self) {
                    try await client.request(.add(request: .download(cap: "URI:CHK:b", destination: "/nowhere/x.img"), priority: 0))
                }
                _ = try await client.request(.pause(id: added.id))
                var sawPause = false
                for await event in events {
                    if case .updated(let transfer) = event, transfer.id == added.id, transfer.state == .paused {
                        sawPause = true
                        break
                    }
                }
                #expect(sawPause)
                await #expect(throws: AgentError(code: "transfer.unknown", message: "no transfer 999")) {
                    try await client.request(.resume(id: 999))
                }
                let status = try #require(try await client.request(.status).status)
                #expect(status.transfers == 2 && status.pid == getpid() && status.clients >= 1)
            }
        }
    }

    @Test func stoppingTheAgentTellsEveryClientWhy() async throws {
        try await withAgent { path, _ in
            try await AgentClient.connect(socket: path, software: "ferry screen") { watcher, _ in
                let events = try await watcher.watch().events
                try await AgentClient.connect(socket: path, software: "ferry agent stop") { control, _ in
                    _ = try await control.request(.stop)
                }
                for await _ in events {}  // ends with the connection
                #expect(watcher.ended?.code == "agent.stopped", "\(String(describing: watcher.ended))")
                await #expect(throws: AgentError.self) { try await watcher.request(.status) }
            }
            let after = await AgentLauncher.probe(path, software: "ferry test")
            guard case .failure(let error) = after else { Issue.record("an agent still answers: \(after)"); return }
            #expect(error.meansNoAgent, "\(error)")
        }
    }

    /// A watcher that stops reading is not sent a stream with holes: once more than the
    /// engine's buffer of events waits for it, it is told (`agent.slow-watcher`) and closed.
    @Test func aWatcherThatFallsTooFarBehindIsToldAndClosed() async throws {
        try await withAgent { path, engine in
            let slow = try await Self.greeted(path)
            slow.send(#"{"type":"request","id":1,"command":{"watch":{}}}"# + "\n")
            let id = try await engine.add(.upload(path: "/nowhere/many-events")).id
            for _ in 0..<3000 {
                await engine.pause(id)
                await engine.resume(id)
            }
            let lines = await withCheckedContinuation { continuation in
                Thread {
                    var lines: [String] = []
                    while let line = slow.blockingLine() { lines.append(line) }
                    continuation.resume(returning: lines)
                }.start()
            }
            #expect(lines.count < 6000, "events were left out: \(lines.count) lines")
            #expect(lines.last?.contains(#""code":"agent.slow-watcher""#) == true, "\(lines.last ?? "nothing")")
            let fresh = try await Self.greeted(path)  // the agent goes on
            fresh.send(#"{"type":"request","id":1,"command":{"status":{}}}"# + "\n")
            #expect(try #require(await fresh.line()).contains(#""transfers":1"#))
        }
    }

    @Test func noAgentIsAClearError() async throws {
        let result = await AgentLauncher.probe(directory.path + "/nobody.sock", software: "ferry test")
        guard case .failure(let error) = result else { Issue.record("\(result)"); return }
        #expect(error.code == "agent.not-running" && error.message.contains("nobody.sock"))
    }
}

extension AgentServerTests {
    /// A screen that attaches later is given what happened before it: the agent keeps each
    /// transfer's log (each screen kept its own, from when it attached: a new ssh session
    /// showed "added", nothing of the retries before it).
    @Test func aWatchIsGivenTheLogsOfWhatHappenedBeforeIt() async throws {
        try await withAgent { path, engine in
            let id = try await engine.add(.upload(path: "/nowhere/before.iso")).id
            await engine.pause(id)
            await engine.resume(id)
            await engine.pause(id)
            let lines = try await Self.logs(of: id, at: path) { $0.last == "paused" && $0.count >= 4 }
            #expect(lines.first?.hasPrefix("added (") == true, "\(lines)")
            #expect(lines.filter { $0 == "paused" }.count == 2, "both pauses, from before the watch: \(lines)")
        }
    }

    /// The logs outlive the agent: the next one (after `ferry agent stop`, a crash, a
    /// reboot) gives a screen what happened under the one before, and says what it found.
    @Test func theNextAgentGivesTheLogsOfTheOneBefore() async throws {
        var id: Int64 = 0
        try await withAgent { path, engine in
            id = try await engine.add(.upload(path: "/nowhere/kept.iso")).id
            await engine.pause(id)
            await engine.resume(id)
            await engine.pause(id)
            _ = try await Self.logs(of: id, at: path) { $0.last == "paused" && $0.count >= 4 }
        }
        try await withAgent { path, _ in
            let lines = try await Self.logs(of: id, at: path) { $0.last == "paused in the journal when the agent started" }
            #expect(lines.first?.hasPrefix("added (") == true, "\(lines)")
            #expect(lines.filter { $0 == "paused" }.count == 2, "both pauses, under the agent before: \(lines)")
            #expect(lines.last == "paused in the journal when the agent started", "\(lines)")
        }
    }

    /// A transfer's log as a watch gives it, asked until `done` says it is complete (the
    /// keeper hears the engine's events on a task of its own), or for 5 s.
    static func logs(of id: Int64, at path: String, until done: ([String]) -> Bool) async throws -> [String] {
        var lines: [String] = []
        for _ in 0..<100 {
            lines = try await AgentClient.connect(socket: path, software: "ferry screen") { client, _ in
                try await client.watch().logs.first { $0.id == id }?.lines.map(\.text) ?? []
            }
            if done(lines) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return lines
    }
}
