import NIOConcurrencyHelpers

/// Watches a streamed request body for a server that stops taking it. AsyncHTTPClient's
/// idle write timeout only counts while the connection can take bytes (it measures the
/// body's producer, not the server), and its read timeout starts once the body has been
/// sent: a server that stops reading mid-body (a stopped process, a link gone quiet while
/// the kernel keeps the connection) held an upload for good. The client pulls the next
/// piece whenever the connection has room, so a body not asked for more over the idle
/// timeout, while it is not itself busy making a piece (waiting for a rate limit), is a
/// stalled server — unless the server, asked, says bytes still reach it: behind deep
/// buffers (a proxy, an ssh tunnel) on a slow link the body is asked for only once a
/// megabyte or more has drained, which can take longer than the idle timeout.
public final class BodyWatch: Sendable {
    private struct State {
        var last: ContinuousClock.Instant
        var pulling = false
        var finished = false
    }

    private let state: NIOLockedValueBox<State>
    /// Asked when the body seems stalled: true when the server says bytes still arrive.
    private let stillArriving: (@Sendable () async -> Bool)?
    /// What lets go of the body's source when the request is abandoned.
    private let releasers = NIOLockedValueBox<[@Sendable () -> Void]>([])

    public init(now: ContinuousClock.Instant = .now, stillArriving: (@Sendable () async -> Bool)? = nil) {
        state = NIOLockedValueBox(State(last: now))
        self.stillArriving = stillArriving
    }

    func pullStarted(now: ContinuousClock.Instant = .now) {
        state.withLockedValue { ($0.last, $0.pulling) = (now, true) }
    }

    func pullEnded(last: Bool, now: ContinuousClock.Instant = .now) {
        state.withLockedValue { ($0.last, $0.pulling, $0.finished) = (now, false, $0.finished || last) }
    }

    /// Whether the body has been waiting for the client to ask for more longer than `timeout`.
    func stalled(after timeout: Duration, now: ContinuousClock.Instant = .now) -> Bool {
        state.withLockedValue { !$0.pulling && !$0.finished && now - $0.last > timeout }
    }

    var finished: Bool { state.withLockedValue { $0.finished } }

    func onAbandon(_ release: @escaping @Sendable () -> Void) {
        releasers.withLockedValue { $0.append(release) }
    }

    /// The request was given up (stalled, or its caller cancelled): the HTTP client may keep
    /// its body-writing task waiting for good (seen with a cancelled request whose connection
    /// was full), so the body lets go of what it reads from (the file, its buffers) now.
    func abandon() {
        for release in releasers.withLockedValue({ releasers in defer { releasers = [] }; return releasers }) { release() }
    }

    /// Returns once the body is all taken; throws `Stalled` once it stalls.
    func untilDone(timeout: Duration) async throws {
        let look = min(timeout / 4, .seconds(1))
        while !finished {
            try await Task.sleep(for: look)
            guard stalled(after: timeout) else { continue }
            guard let stillArriving, await stillArriving() else { throw Stalled() }
            state.withLockedValue { if !$0.pulling { $0.last = .now } }  // moving: the idle time counts again from now
        }
    }

    /// `work`'s result, or `Stalled` as soon as the body stalls (`work` is cancelled and
    /// not waited for: a request blocked on a full connection ends only when the
    /// connection does), or `CancellationError` as soon as the caller is cancelled.
    func guarding<T: Sendable>(_ work: Task<T, any Error>, timeout: Duration) async throws -> T {
        // The first result wins; one that comes before the caller waits is kept for it. A
        // continuation is resumed outside the lock: resuming takes the task's own lock, which
        // a cancellation holds while it runs `onCancel` (that order under the lock hung every
        // thread of a helper's task pool).
        let race = NIOLockedValueBox<(waiting: CheckedContinuation<T, any Error>?, early: Result<T, any Error>?, over: Bool)>((nil, nil, false))
        let finish = { @Sendable (result: Result<T, any Error>) in
            let waiting = race.withLockedValue { race -> CheckedContinuation<T, any Error>? in
                guard !race.over else { return nil }
                guard let waiting = race.waiting else {
                    if race.early == nil { race.early = result }
                    return nil
                }
                race.over = true
                return waiting
            }
            waiting?.resume(with: result)
        }
        let watcher = Task {
            do { try await untilDone(timeout: timeout) } catch is Stalled {
                // The stall is the result before `work` is cancelled: cancelled first, `work`
                // could end first with its CancellationError, and the request read as "the
                // connection broke" (CI, under load), never as stalled.
                finish(.failure(Stalled()))
                work.cancel()
                abandon()
            } catch {}
        }
        defer { watcher.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let early = race.withLockedValue { race -> Result<T, any Error>? in
                    guard let early = race.early else {
                        race.waiting = continuation
                        return nil
                    }
                    race.over = true
                    return early
                }
                if let early { continuation.resume(with: early) }
                Task {
                    let result = await work.result
                    finish(result)
                }
                if Task.isCancelled { finish(.failure(CancellationError())) }
            }
        } onCancel: {
            work.cancel()
            abandon()
            finish(.failure(CancellationError()))
        }
    }

    struct Stalled: Error {}
}
