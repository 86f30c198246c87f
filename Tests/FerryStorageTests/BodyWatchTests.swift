@testable import FerryStorage
import FerryTestSupport
import Synchronization
import Testing

/// When a streamed body counts as stalled: not asked for more over the idle timeout, and
/// neither busy making a piece (a rate limit's wait) nor all sent.
struct BodyWatchTests {
    @Test func onlyABodyNotAskedForMoreStalls() {
        let start = ContinuousClock.now
        let watch = BodyWatch(now: start)
        #expect(!watch.stalled(after: .seconds(10), now: start + .seconds(9)))
        #expect(watch.stalled(after: .seconds(10), now: start + .seconds(11)), "never asked for its first piece")
        watch.pullStarted(now: start + .seconds(11))
        #expect(!watch.stalled(after: .seconds(10), now: start + .seconds(60)), "making a piece (waiting for a rate limit) is not a stall")
        watch.pullEnded(last: false, now: start + .seconds(60))
        #expect(!watch.stalled(after: .seconds(10), now: start + .seconds(65)))
        #expect(watch.stalled(after: .seconds(10), now: start + .seconds(71)))
        watch.pullStarted(now: start + .seconds(71))
        watch.pullEnded(last: true, now: start + .seconds(72))
        #expect(!watch.stalled(after: .seconds(10), now: start + .seconds(500)), "all sent: the answer's read timeout takes over")
    }

    /// A body not asked for more is a stall only once the server, asked, says nothing more
    /// arrived: behind deep buffers on a slow link, pulls come further apart than the timeout.
    @Test func aServerStillReceivingIsNotStalled() async throws {
        let asked = Counter()
        let watch = BodyWatch(stillArriving: { asked.next() < 2 })  // bytes arrive twice, then not
        let start = ContinuousClock.now
        await #expect(throws: BodyWatch.Stalled.self) { try await watch.untilDone(timeout: .milliseconds(200)) }
        #expect(asked.value == 3 && ContinuousClock.now - start >= .milliseconds(600), "asked \(asked.value) times")
        let bare = BodyWatch()
        await #expect(throws: BodyWatch.Stalled.self) { try await bare.untilDone(timeout: .milliseconds(200)) }
    }

    /// Once a request is given up, its body lets go of what it reads from, however long the
    /// HTTP client keeps the iterator.
    @Test func anAbandonedBodyLetsGoOfItsSource() async throws {
        final class Source: Sendable {}
        struct Pieces: AsyncSequence, Sendable {
            typealias Element = Int
            let source: Source
            struct AsyncIterator: AsyncIteratorProtocol {
                let source: Source
                mutating func next() async throws -> Int? { 1 }
            }
            func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: source) }
        }
        let watch = BodyWatch()
        weak var gone: Source?
        var iterator: WatchedBody<Pieces>.AsyncIterator
        do {
            let source = Source()
            gone = source
            iterator = WatchedBody(Pieces(source: source), watch: watch).makeAsyncIterator()
        }
        #expect(try await iterator.next() == 1 && gone != nil, "in use")
        watch.abandon()
        #expect(gone == nil, "let go while the iterator lives on")
        await #expect(throws: CancellationError.self) { try await iterator.next() }
    }

    @Test func aStalledBodyEndsTheRequestWithoutWaitingForIt() async throws {
        let watch = BodyWatch()
        let blocked = Task { try await Task.sleep(for: .seconds(3600)); return 1 }
        await #expect(throws: BodyWatch.Stalled.self) { try await watch.guarding(blocked, timeout: .milliseconds(200)) }
        #expect(blocked.isCancelled)
        let quick = Task { () throws -> Int in 7 }
        #expect(try await BodyWatch().guarding(quick, timeout: .seconds(10)) == 7)
    }

    /// The request ending just as its caller is cancelled: the continuation is resumed
    /// outside the race's lock (resuming under it deadlocked against the cancellation
    /// handler, which runs holding the task's own lock: a helper's whole task pool hung).
    @Test func aResultAndACancellationAtOnceDoNotDeadlock() async throws {
        // Many requests end at the moment their callers are cancelled; a deadlock would
        // block the whole task pool, so a watch on a thread of its own ends the run instead.
        // Five minutes without a round: the parallel phase's first minute, every test started
        // at once, kept this test from its first round for 60 s under load (session 20).
        await HangWatch.run("rounds of 50 requests ending as they are cancelled", quietFor: 300) { watch in
            for _ in 0..<200 {
                watch.tick()
                var callers: [Task<Int, any Error>] = []
                let start = ContinuousClock.now + .milliseconds(5)
                for one in 0..<50 {
                    let work = Task { () throws -> Int in
                        try? await Task.sleep(until: start)
                        return one
                    }
                    callers.append(Task { try await BodyWatch().guarding(work, timeout: .seconds(10)) })
                }
                try? await Task.sleep(until: start)
                for caller in callers { caller.cancel() }
                for (one, caller) in callers.enumerated() {
                    // Either answer is right; a result must be the request's own.
                    if case .success(let value) = await caller.result { #expect(value == one) }
                }
            }
        }
    }
}

/// Counts calls, from any task.
private final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    /// The count before this call.
    func next() -> Int {
        count.withLock { count in
            defer { count += 1 }
            return count
        }
    }
}
