import FerryAgent
import FerryClient
import Glibc

/// Transfers a command hands to the running agent: added (or resumed) there, their
/// progress shown here from the agent's events, waited for to their end. Interrupting the
/// command leaves them running in the agent.
struct AgentTransfers {
    let style: ProgressLine.Style
    /// Hears the transfers already done when the command stops before the others end.
    let finishedBeforeStop: @Sendable ([TransferSnapshot]) -> Void

    /// Adds `requests` (at `priority`) and resumes `existing` on the agent `client` speaks to;
    /// returns every one's last snapshot, in order.
    func run(on client: AgentClient, adding requests: [TransferRequest], ids existing: [Int64], priority: Int) async throws -> [TransferSnapshot] {
        let events = try await client.watch().events
        var ids: [Int64] = []
        // Where each stands once added or resumed, from the replies (a whole queue's snapshot
        // was asked for besides, for each command).
        var standing: [TransferSnapshot] = []
        for id in existing {
            if let transfer = try await client.request(.resume(id: id)).transfer { standing.append(transfer) }
            ids.append(id)
        }
        for request in requests {
            guard let transfer = try await client.request(.add(request: request, priority: priority)).transfer else {
                throw AgentError.malformed("an add's reply without its transfer")
            }
            standing.append(transfer)
            ids.append(transfer.id)
        }
        // Ctrl-C leaves them to the agent, and says so (it ended the command silently, and a
        // person used to rclone or aria2 took the transfers for stopped).
        let reporter = EngineReporter(style: style, ids: ids)
        // Those waiting in the queue send no event until they start: shown from here.
        reporter.seed(standing.filter { $0.state == .queued })
        let stop = CommandStop(reporter: reporter, ids: ids, finished: finishedBeforeStop)
        let signals = SignalWatch([SIGINT, SIGTERM]) {
            let left = stop.say(.detached)
            if !left.isEmpty {
                let list = left.map(String.init).joined(separator: " ")
                printError("the agent goes on with transfer\(left.count == 1 ? "" : "s") \(list); `ferry pause \(list)` stops \(left.count == 1 ? "it" : "them")")
            }
            PromptExit.now(130)
        }
        defer { signals.cancel() }
        let watching = Task { for await event in events { reporter.handle(event) } }
        let settled: Result<[TransferSnapshot], any Error>
        do { settled = .success(try await client.request(.settle(ids: ids)).transfers ?? []) } catch { settled = .failure(error) }
        watching.cancel()
        _ = await watching.value
        reporter.finish()
        // Gone without being stopped on purpose (`agent stop` says `agent.stopped`: the
        // transfers then wait in the journal, as the person asked).
        if case .failure(let error as AgentError) = settled, error.code == AgentError.gone.code { throw AgentGone(ids: ids) }
        if case .failure(let error as AgentError) = settled, error.code == AgentError.stopped.code {
            _ = stop.say(.stopped(code: error.code, reason: "the agent was stopped"))
            // Each transfer has had its `stopped` event: the error line, and no `failed` event
            // after them (a script saw the command fail as a whole besides).
            let failed = Failure(error)
            printError(failed.line)
            throw failed.status
        }
        return reporter.keepingDone(try settled.get())
    }
}
