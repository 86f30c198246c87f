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

    /// Adds `requests` (when given) and runs them, and the journaled transfers `ids`, to
    /// their end; returns every one's last snapshot, in order.
    func run(adding requests: [TransferRequest] = [], ids existing: [Int64] = []) async throws -> [TransferSnapshot] {
        let idle = TimeAmount.seconds(Int64(setup.config.idleTimeout))
        let http = StorageClient.makeHTTPClient(idleTimeout: idle)
        do {
            let finished = try await run(requests, existing, http: http, idle: idle)
            try? await http.shutdown()
            return finished
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private func run(_ requests: [TransferRequest], _ existing: [Int64], http: HTTPClient, idle: TimeAmount) async throws -> [TransferSnapshot] {
        let runner = GridRunner(helper: setup.helper.map { HelperClient(transport: StorageClient(nurl: $0, http: http, idleTimeout: idle, bearerToken: setup.config.helperToken)) },
                                storage: setup.storage.map { StorageClient(nurl: $0, http: http, idleTimeout: idle) },
                                secret: setup.config.convergenceSecret, encoding: setup.encoding, retry: setup.config.retry)
        let journal = try Journal(path: setup.paths.journal)
        let claims = TransferClaims(directory: setup.paths.claims)
        let engine = try TransferEngine(journal: journal, runner: runner,
                                        settings: .init(maximumActive: max(1, setup.config.maximumActive), rateLimit: setup.config.rateLimit),
                                        claims: claims, scope: [])
        var ids = existing
        for request in requests {
            if let earlier = try journal.unfinished(request) {
                if claims.isClaimed(earlier.id) {
                    throw TransferError.file(code: "transfer.running", message: "\(request.name) is already being transferred by another ferry (transfer \(earlier.id); see ferry ls)")
                }
                ids.append(earlier.id)
            } else {
                ids.append(try await engine.add(request).id)
            }
        }
        await engine.adopt(ids)
        let reporter = EngineReporter(style: style, ids: ids)
        let events = await engine.events()
        let watching = Task { for await event in events { reporter.handle(event) } }
        await engine.start()
        let finished = await engine.settle(ids)
        await engine.shutdown()
        watching.cancel()
        _ = await watching.value
        reporter.finish()
        return finished
    }
}
