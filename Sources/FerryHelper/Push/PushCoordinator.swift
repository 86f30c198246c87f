import AsyncHTTPClient
import Crypto
import FerryCore
import FerryHelperProtocol
import FerryStorage
import FerryIO
import Foundation

/// Encodes and pushes every complete upload: places shares by servers-of-happiness over
/// the configured storage servers (taking account of shares they already hold), runs a
/// ``SharePusher`` pass, and replaces a server that fails mid-push with another while
/// enough remain. The outcome goes to the ``UploadRegistry``; a failure leaves the
/// ciphertext spooled for the next ask or restart.
public actor PushCoordinator {
    private let servers: [NURL]
    /// Each storage server's HOST:PORT by its ``id(of:)``, for people reading progress and logs.
    public nonisolated let addresses: [String: String]
    private let helperSecret: String
    private let registry: UploadRegistry
    private let http: HTTPClient
    private var running: Set<StorageIndex> = []
    private var queue: [(StorageIndex, UploadTicket)] = []
    /// Asked for again while running: pushed again if this pass fails. A client that saw
    /// the failure (recorded just before the pass ends) asks at once, and that ask was lost.
    private var again: [StorageIndex: UploadTicket] = [:]
    /// Passes started so far, for tests.
    public private(set) var passes = 0
    /// A failed push is tried again by itself after this, doubling with each failure in a
    /// row up to ``longestRetryWait``: once the operator mends the grid, spooled uploads go
    /// out while their clients are away (only a client's ask restarted them).
    private let firstRetryWait: Duration
    static let longestRetryWait: Duration = .seconds(600)
    private var failuresInARow: [StorageIndex: Int] = [:]
    private var retryTimers: [StorageIndex: Task<Void, Never>] = [:]
    /// The last count of servers that answer, and when it was made; the count under way.
    private var counted: (at: ContinuousClock.Instant, answering: Int)?
    private var counting: Task<Int, Never>?
    /// A count this recent is given again rather than asking the servers once more: every
    /// client's screen asks every few seconds.
    static let countKept = Duration.seconds(2)

    /// `helperSecret` seeds the secrets presented to storage servers (keep it stable).
    public init(servers: [NURL], helperSecret: String, registry: UploadRegistry, firstRetryWait: Duration = .seconds(30)) {
        self.firstRetryWait = firstRetryWait
        self.servers = servers
        addresses = Dictionary(servers.map { (Self.id(of: $0), "\($0.host):\($0.port)") }, uniquingKeysWith: { first, _ in first })
        self.helperSecret = helperSecret
        self.registry = registry
        http = StorageClient.makeHTTPClient()
    }

    /// Shuts its HTTP client down (a coordinator lives as long as its node; tests end theirs).
    public func shutdown() async {
        for timer in retryTimers.values { timer.cancel() }
        try? await http.shutdown()
    }

    /// How many of the storage servers answer (their version) within ``inGridWait``, for the
    /// helper's servers resource: what its clients' screens show of the grid uploads go to.
    /// Asked at most once per ``countKept``, however many ask; a failure is not logged
    /// (a push names the servers that did not answer when one matters).
    public func answering() async -> Int {
        if let counted, ContinuousClock.now - counted.at < Self.countKept { return counted.answering }
        if let counting { return await counting.value }
        let gathering = ServerAnswers<Bool>(servers: servers, http: http)
        let task = Task {
            await gathering.gather(within: Self.inGridWait, logFailures: false) { _ = try await $0.version(); return true }.count { $0.value != nil }
        }
        counting = task
        let answering = await task.value
        (counted, counting) = ((ContinuousClock.now, answering), nil)
        return answering
    }

    /// A storage server's id: base32 of its key hash, as the NURL pins it.
    public static func id(of server: NURL) -> String { Base32.encode(server.spkiHash) }

    /// Failed passes a server may cause (with retryable errors) before it is replaced.
    static let strikesBeforeReplacing = 3

    /// Pushes that run at once; more wait their turn (each holds a few MiB per share).
    static let concurrentPushes = 2

    /// Starts pushing `index` (or queues it), unless it is already queued; while it runs, a
    /// start is kept for when the pass ends, and honoured if that pass failed.
    public func start(_ index: StorageIndex, _ ticket: UploadTicket) {
        retryTimers.removeValue(forKey: index)?.cancel()
        guard !queue.contains(where: { $0.0 == index }) else { return }
        guard !running.contains(index) else { return again[index] = ticket }
        queue.append((index, ticket))
        launch()
    }

    private func launch() {
        while running.count < Self.concurrentPushes, !queue.isEmpty {
            let (index, ticket) = queue.removeFirst()
            running.insert(index)
            passes += 1
            Task {
                let pushed = await push(index, ticket)
                finished(index, ticket, pushed: pushed)
            }
        }
    }

    private func finished(_ index: StorageIndex, _ ticket: UploadTicket, pushed: Bool) {
        running.remove(index)
        if pushed {
            failuresInARow[index] = nil
        } else if let ticket = again.removeValue(forKey: index) {
            queue.append((index, ticket))
        } else {
            scheduleRetry(index, ticket)
        }
        again[index] = nil
        launch()
    }

    /// Starts `index` again after the wait its failures in a row call for, if it is still
    /// a failed push then (not aborted, expired or started by an ask meanwhile).
    private func scheduleRetry(_ index: StorageIndex, _ ticket: UploadTicket) {
        let failures = failuresInARow[index, default: 0] + 1
        failuresInARow[index] = failures
        let wait = min(firstRetryWait * (1 << min(failures - 1, 16)), Self.longestRetryWait)
        NodeLog.write("helper: push of \(index.base32) is tried again in \(wait.components.seconds) s, or when its client asks")
        let registry = registry
        retryTimers[index] = Task {
            try? await Task.sleep(for: wait)
            guard !Task.isCancelled else { return }
            let phase = try? await registry.status(index).phase
            if phase == nil { self.failuresInARow[index] = nil }  // aborted or expired: forgotten
            guard phase == .failed else { return }
            self.start(index, ticket)
        }
    }

    /// One pass over `index`; true once its shares are placed.
    private func push(_ index: StorageIndex, _ ticket: UploadTicket) async -> Bool {
        await registry.setPhase(index, .pushing)
        let began = ContinuousClock.now
        var excluded = Set<String>()
        var strikes: [String: Int] = [:]
        let secrets = PushSecrets(helperSecret: helperSecret, index: index)
        let path = registry.layout.encoding(index)
        var planned = Set<String>()
        // Shares begun on each server by earlier passes: kept there while it answers.
        var started: [String: Set<Int>] = [:]
        // Servers that refused shares for lack of room: given nothing new.
        var closed = Set<String>()
        let crypttext = await registry.crypttextHashes(index)
        while true {
            let (clients, existing) = await survey(index, excluding: &excluded)
            // A server of the last plan that no longer answers is replaced like one that failed.
            for server in planned.intersection(excluded) { await registry.record(index, .replaced(server: server)) }
            let order = clients.keys.sorted { Self.rank($0, index).lexicographicallyPrecedes(Self.rank($1, index)) }
            let plan = SharePlacement.plan(total: ticket.encoding.total, servers: order, existing: existing, started: started, closed: closed)
            for (share, server) in plan.uploads { started[server, default: []].insert(share) }
            guard plan.happiness >= ticket.encoding.happy else {
                // Which servers, by address, so a user can tell the operator (operator test).
                let gone = servers.map(Self.id).filter { clients[$0] == nil }.map { addresses[$0] ?? $0 }
                let named = gone.prefix(3).joined(separator: ", ") + (gone.count > 3 ? " and \(gone.count - 3) more" : "")
                let full = closed.intersection(clients.keys).map { addresses[$0] ?? $0 }.sorted()
                await fail(index, .unavailable(
                    "shares can reach only \(plan.happiness) server\(plan.happiness == 1 ? "" : "s"); \(ticket.encoding.happy) are needed ("
                    + "\(clients.count) of \(servers.count) answered"
                    + (gone.isEmpty ? "" : "; not answering or set aside: \(named)")
                    + (full.isEmpty ? "" : "; no room for more: \(full.joined(separator: ", "))") + ")"))
                return false
            }
            var targets: [String: PushTarget] = [:]
            for (share, server) in plan.uploads { targets[server, default: PushTarget(id: server, client: clients[server]!, shares: [])].shares.insert(share) }
            // Servers already holding whole shares show in the progress too (all done).
            for (server, shares) in existing where clients[server] != nil {
                targets[server, default: PushTarget(id: server, client: clients[server]!, shares: [])].held = shares
            }
            planned = Set(targets.keys)
            do {
                let registry = registry
                let result = try await SharePusher(index: index, ticket: ticket, path: path, secrets: secrets, crypttext: crypttext).run(Array(targets.values)) { event in
                    await registry.record(index, event)
                }
                var final = existing
                for (share, server) in plan.uploads { final[server, default: []].insert(share) }
                try await registry.markDone(index, UploadResult(uriExtension: result.uriExtension.serialized(), uriExtensionHash: result.uriExtensionHash,
                                                                placement: SharePlacement.byShare(final), happiness: plan.happiness))
                let seconds = (ContinuousClock.now - began).components.seconds
                NodeLog.write("helper: push of \(index.base32) done: \(ticket.encoding.total) shares on \(final.count) servers, "
                    + "happiness \(plan.happiness), \(seconds) s")
                return true
            } catch let refusal as SharesRefused {
                closed.insert(refusal.server)
                started[refusal.server]?.subtract(refusal.shares)
                // Left with nothing of this file: it is out of the push, as one that failed.
                if started[refusal.server, default: []].isEmpty, existing[refusal.server] == nil {
                    await registry.record(index, .replaced(server: refusal.server))
                }
                let shares = refusal.shares.sorted().map(String.init).joined(separator: ", ")
                NodeLog.write("helper: push of \(index.base32): storage server \(addresses[refusal.server] ?? refusal.server) "
                    + "has no room for share\(refusal.shares.count == 1 ? "" : "s") \(shares); \(refusal.shares.count == 1 ? "it goes" : "they go") to others")
            } catch let failure as PushFailure {
                // A server that stumbles (reset, stall, 5xx) gets a few more passes, which
                // resume from what it kept; one that refuses or keeps failing is replaced.
                strikes[failure.server, default: 0] += 1
                let address = addresses[failure.server] ?? failure.server
                let again = failure.error.isRetryable && strikes[failure.server]! < Self.strikesBeforeReplacing
                NodeLog.write("helper: push of \(index.base32): storage server \(address) failed (\(failure.error)); "
                    + (again ? "trying it again" : "its shares go to others"))
                if again {
                    try? await Task.sleep(for: .milliseconds(500 * strikes[failure.server]!))
                } else {
                    excluded.insert(failure.server)
                    // What was begun there is given back (the protocol's abort): a server with
                    // a full disk kept counting those shares' space as taken, for good, and
                    // refused the next upload for it (operator test). Best effort: it may be down.
                    if let client = targets[failure.server]?.client, let begun = started.removeValue(forKey: failure.server) {
                        let upload = secrets.upload
                        Task { for share in begun.sorted() { await Self.giveBack(share, of: index, on: client, upload: upload) } }
                    }
                }
            } catch let error as HelperError {
                await fail(index, error)
                return false
            } catch {
                await fail(index, .io("\(error)"))
                return false
            }
        }
    }

    /// Records a pass's failure and says it in the log (the ciphertext stays for the next ask).
    private func fail(_ index: StorageIndex, _ error: HelperError) async {
        NodeLog.write("helper: push of \(index.base32) failed: \(error)")
        await registry.markFailed(index, error)
    }

    /// Aborts a share begun on a server set aside, trying a few times (a flaky link); a
    /// server that has none of it, or refuses, is left alone.
    static func giveBack(_ share: Int, of index: StorageIndex, on client: StorageClient, upload: UploadSecret) async {
        for attempt in 1...3 {
            do throws(StorageError) {
                return try await client.abort(index, share: share, upload: upload)
            } catch {
                guard error.isRetryable else { return }
                try? await Task.sleep(for: .seconds(attempt))
            }
        }
    }

    /// Clients of the servers that answer, and the shares of `index` each already holds;
    /// servers that do not answer join `excluded`. All servers are asked at once. With
    /// `within`, servers that have not answered by then are left out (and not excluded).
    func survey(_ index: StorageIndex, excluding excluded: inout Set<String>,
                within: Duration? = nil) async -> ([String: StorageClient], [String: Set<Int>]) {
        let asked = servers.filter { !excluded.contains(Self.id(of: $0)) }
        let answers = await ServerAnswers<Set<Int>>(servers: asked, http: http).gather(within: within) { try await $0.shares(of: index) }
        var clients: [String: StorageClient] = [:]
        var existing: [String: Set<Int>] = [:]
        for answer in answers {
            guard let shares = answer.value else {
                excluded.insert(answer.id)
                continue
            }
            clients[answer.id] = answer.client
            if !shares.isEmpty { existing[answer.id] = shares }
        }
        return (clients, existing)
    }

    /// The server order for one storage index: by SHA-256 of the index and the server id,
    /// so different files start on different servers (Tahoe permutes the same way).
    static func rank(_ server: String, _ index: StorageIndex) -> [UInt8] {
        Array(SHA256.hash(data: index.bytes + Array(server.utf8)))
    }
}
