import FerryAgent
import FerryClient
import FerryCore
import FerryStorage
import Foundation
import NIOCore
import AsyncHTTPClient

/// A transfer engine run in this process over the journal, for the transfers a command
/// started or resumed: shows their progress, waits for them to end, stops.
struct EngineSession {
    let setup: ClientSetup
    let style: ProgressLine.Style
    /// The kinds of transfer it runs ("upload", "download"): whose grid settings must be the
    /// agent's for the agent to run them.
    let kinds: Set<String>
    /// Hears the transfers already done when a signal stops the command (their caps are the
    /// command's to print).
    var finishedBeforeStop: @Sendable ([TransferSnapshot]) -> Void = { _ in }
    /// Whether running the same command again goes on with the same transfers (not for
    /// standard input: that is read again, into a new transfer).
    var sameCommandResumes = true
    /// Whether a running agent is handed the transfers. Not files kept in their caps: they
    /// need no grid, and a put of a 1-byte file waited 3.5 s on the agent's grid settings
    /// (which its own, with no grid resolved, never matched), or 10 s on a stopped agent (a
    /// user test).
    var viaAgent = true
    /// Hears a request refused while the others go on: its file is being transferred by
    /// another ferry (it failed the whole command, the others never queued).
    var refused: @Sendable (TransferRequest, TransferError) -> Void = { _, error in printError("error: \(error.code): \(error.message)") }

    /// Adds `requests` (when given) and runs them, and the journaled transfers `ids`, to
    /// their end; returns every one's last snapshot, in order. When an agent runs, it runs
    /// them (and this process shows their progress). Added ones get `priority`.
    func run(adding requests: [TransferRequest] = [], ids existing: [Int64] = [], priority: Int = 0) async throws -> [TransferSnapshot] {
        let agent = AgentTransfers(style: style, finishedBeforeStop: finishedBeforeStop)
        var (requests, existing) = (requests, existing)
        do {
            let handed = !viaAgent ? nil : try await AgentAccess().ifRunning { client, _ -> [TransferSnapshot]? in
                guard await sameGrid(client) else { return nil }
                return try await agent.run(on: client, adding: requests, ids: existing, priority: priority)
            }
            if case let finished?? = handed { return finished }
        } catch let gone as AgentGone {
            // Killed or crashed under us: the journal has the transfers, and the other side
            // what it received; this process goes on with them, as it would with no agent.
            printError("the agent ended before these transfers did; this ferry goes on with them")
            (requests, existing) = ([], gone.ids)
        }
        let http = StorageClient.makeHTTPClient(idleTimeout: setup.idleTimeout)
        do {
            let finished = try await run(requests, existing, priority: priority, http: http)
            await QuickShutdown.run(http)
            return finished
        } catch {
            await QuickShutdown.run(http)
            throw error
        }
    }

    /// Whether the agent runs new transfers with this command's grid settings. With others
    /// (this command's FERRY_HELPER, FERRY_STORAGE… or a config file the agent has not taken
    /// yet), this process runs them itself, and says so.
    private func sameGrid(_ client: AgentClient) async -> Bool {
        let mine = setup.gridDigests
        // The agent takes an edited config file once it has stayed the same for a second:
        // a command run just after the edit waits that long for it (it ran its transfers
        // itself, blaming an environment that set nothing: a user test).
        for look in 0..<8 {
            // An agent of an earlier build does not know the request: taken as the same grid.
            guard let theirs = (try? await client.request(.grid))?.grid else { return true }
            guard kinds.contains(where: { theirs[$0] != mine[$0] }) else { return true }
            if look < 7 { try? await Task.sleep(for: .milliseconds(500)) }
        }
        let overrides = ["FERRY_HELPER", "FERRY_HELPER_TOKEN", "FERRY_STORAGE"].filter { ProcessInfo.processInfo.environment[$0] != nil }
        let why = overrides.isEmpty ? "the config file as the agent last took it: `ferry agent status` says if it could not"
            : "this command's \(overrides.joined(separator: ", "))"
        printError("the agent runs with other grid settings than this command's (\(why)); this ferry runs the transfers itself")
        return false
    }

    private func run(_ requests: [TransferRequest], _ existing: [Int64], priority: Int, http: HTTPClient) async throws -> [TransferSnapshot] {
        let (engine, journal, claims) = try setup.makeEngine(runner: setup.makeRunner(http: http), scope: [])
        // Watched before anything is added: an added transfer starts at once, and a small
        // file's whole key pass went by before a later watch began (no "hashing" in the log).
        let events = await engine.events()
        var ids = existing
        for request in requests {
            if let earlier = try journal.unfinished(request) {
                if ids.contains(earlier.id) {  // the same file twice in one command (`put a.tar *.tar`)
                    ids.append(earlier.id)
                    continue
                }
                if claims.isClaimed(earlier.id) {
                    refused(request, .file(code: "transfer.running", message: "\(request.name) is already being transferred by another ferry (transfer \(earlier.id); see ferry ls)"))
                    continue
                }
                ids.append(earlier.id)
            } else {
                ids.append(try await engine.add(request, priority: priority).id)
            }
        }
        var seen = Set<Int64>()
        let unique = ids.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else {  // all refused: nothing to wait for
            await engine.shutdown()
            return []
        }
        await engine.adopt(unique)
        let reporter = EngineReporter(style: style, ids: unique)
        // Ctrl-C stops them and says how to go on (it ended the command silently). The runs
        // get a second to end, so a download's part file and the journal keep their last
        // second's work (`ferry ls` showed 0 % with 48 MiB written); past it, it is as kill -9:
        // the journal and the other side keep what they had.
        let stop = CommandStop(reporter: reporter, ids: unique, finished: finishedBeforeStop)
        // Ctrl-C is a person stopping them: they are paused, so an agent started later (the
        // screen starts one) leaves them be, as the message says (a user test: it went on
        // uploading). SIGTERM (a shutdown, `timeout`) and SIGHUP (an ssh session lost: it
        // ended with 129 and no `stopped` event) leave them interrupted, for the next agent
        // to go on with, as after a crash.
        let end = { @Sendable [sameCommandResumes] (pausing: Bool) in
            let left = stop.say(.stopped(code: TransferError.cancelled.code, reason: pausing ? "paused by Ctrl-C" : "stopped by a signal"))
            if !left.isEmpty {
                let list = left.map(String.init).joined(separator: " ")
                let also = sameCommandResumes ? " (or the same command)" : ""
                let (it, they) = (left.count == 1 ? "it" : "they", left.count == 1 ? "it" : "them")
                printError(pausing ? "paused; `ferry resume \(list)`\(also) goes on from where \(it) stopped"
                           : "stopped; `ferry resume \(list)`\(also) goes on from where \(it) stopped, as does the agent when it next starts (`ferry pause \(list)` keeps \(they) stopped)")
            }
            let ended = DispatchSemaphore(value: 0)
            Task {
                if pausing { for id in left { await engine.pause(id) } }
                await engine.shutdown()
                ended.signal()
            }
            _ = ended.wait(timeout: .now() + 1)
            PromptExit.now(130)
        }
        let signals = [SignalWatch([SIGINT]) { end(true) }, SignalWatch([SIGTERM, SIGHUP]) { end(false) }]
        defer { for watch in signals { watch.cancel() } }
        let watching = Task { for await event in events { reporter.handle(event) } }
        await engine.start()
        let finished = await engine.settle(unique)
        await engine.shutdown()
        watching.cancel()
        _ = await watching.value
        reporter.finish()
        let byID = Dictionary(reporter.keepingDone(finished).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }
}
