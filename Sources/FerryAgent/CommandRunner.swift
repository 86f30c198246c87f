import FerryClient

/// Carries out one command on the engine (the agent's side of a request).
struct CommandRunner: Sendable {
    let engine: TransferEngine
    let status: @Sendable () async -> AgentStatus
    var grid: @Sendable () -> [String: String]? = { nil }
    var logs: @Sendable () -> [TransferLog] = { [] }

    func run(_ command: AgentCommand) async -> Result<AgentResult, AgentError> {
        do {
            return .success(try await perform(command))
        } catch let error as AgentError {
            return .failure(error)
        } catch let error as TransferError {
            return .failure(AgentError(code: error.code, message: error.message))
        } catch {
            return .failure(AgentError(code: "agent.internal", message: "\(error)"))
        }
    }

    private func perform(_ command: AgentCommand) async throws -> AgentResult {
        switch command {
        case .status: return AgentResult(status: await status())
        case .grid:
            var result = AgentResult()
            result.grid = grid()
            return result
        case .snapshot: return AgentResult(snapshot: await engine.snapshot())
        case .watch:
            var result = AgentResult(snapshot: await engine.snapshot())
            result.logs = logs()
            return result
        case .add(let request, let priority):
            let (transfer, existing) = try await add(request, priority: priority)
            var result = AgentResult(transfer: transfer)
            result.existing = existing ? true : nil
            return result
        case .pause(let id): try await known(id); await engine.pause(id)
        case .resume(let id):
            try await known(id)
            await engine.resume(id)
            return AgentResult(transfer: await engine.snapshot(of: id))  // where it stands: queued, or started
        case .remove(let id): try await known(id); try await engine.remove(id)
        case .discard(let id): try await known(id); try await engine.discard(id)
        case .setPriority(let id, let priority): try await known(id); await engine.setPriority(id, priority)
        case .setRateLimit(let id?, let bytes): try await known(id); await engine.setRateLimit(id, bytes)
        case .setRateLimit(nil, let bytes): await engine.setRateLimit(bytes)
        case .setMaximumActive(let count): await engine.setMaximumActive(count)
        case .pauseAll: await engine.pauseAll()
        case .resumeAll: await engine.resumeAll()
        case .settle(let ids): return AgentResult(transfers: await engine.settle(ids))
        case .stop: break  // the server stops after answering
        }
        return .none
    }

    /// A new transfer, or the one not done already queued for the same file and
    /// destination (resumed if paused or failed): putting a file twice does not send it
    /// twice, and getting a cap again goes on with its part file.
    private func add(_ request: TransferRequest, priority: Int) async throws -> (TransferSnapshot, existing: Bool) {
        guard let earlier = await engine.unfinished(request) else {
            return (try await engine.add(request, priority: priority), false)
        }
        if earlier.state.isResumable { await engine.resume(earlier.id) }
        // Asked again with a priority (`put --priority 5` of a file already waiting): it takes it.
        if priority != 0, earlier.entry.priority != priority { await engine.setPriority(earlier.id, priority) }
        return (await engine.snapshot(of: earlier.id) ?? earlier, true)
    }

    private func known(_ id: Int64) async throws {
        guard await engine.snapshot(of: id) != nil else { throw AgentError(code: "transfer.unknown", message: "no transfer \(id)") }
    }
}
