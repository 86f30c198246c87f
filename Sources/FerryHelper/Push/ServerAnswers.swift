import AsyncHTTPClient
import FerryCore
import FerryIO
import FerryStorage

/// One question put to storage servers all at once, and the answers that come in time.
///
/// Each server is asked in a task of its own, not a group's: a group waits for every child,
/// and a frozen server's certificate fetch does not end when cancelled, only at its own
/// timeout. With `within`, those that have not answered by then are left out of the
/// answers; a server that failed is in them, with no value.
struct ServerAnswers<Value: Sendable> {
    /// A struct, not a tuple: Swift 6.3.1's optimizer garbled tuples carried out of child
    /// tasks in release builds.
    struct Answer: Sendable {
        let id: String
        let client: StorageClient
        let value: Value?
    }

    let servers: [NURL]
    let http: HTTPClient

    func gather(within: Duration? = nil, logFailures: Bool = true,
                _ ask: @escaping @Sendable (StorageClient) async throws -> Value) async -> [Answer] {
        let (arrivals, arrived) = AsyncStream.makeStream(of: Answer.self)
        let http = http
        let asking = servers.map { server in
            Task {
                let client = StorageClient(nurl: server, http: http)
                do {
                    arrived.yield(Answer(id: PushCoordinator.id(of: server), client: client, value: try await ask(client)))
                } catch {
                    if logFailures, !Task.isCancelled {
                        NodeLog.write("helper: storage server \(server.host):\(server.port) did not answer: \(error)")
                    }
                    arrived.yield(Answer(id: PushCoordinator.id(of: server), client: client, value: nil))
                }
            }
        }
        let timer = within.map { within in Task { try? await Task.sleep(for: within); arrived.finish() } }
        var answers: [Answer] = []
        if !servers.isEmpty {  // none to wait for: the stream would never end
            for await answer in arrivals {
                answers.append(answer)
                if answers.count == servers.count { break }
            }
        }
        arrived.finish()
        timer?.cancel()
        for task in asking { task.cancel() }  // those that have not answered in time
        return answers
    }
}
