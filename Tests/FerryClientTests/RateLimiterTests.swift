@testable import FerryClient
import Synchronization
import Testing

/// The limiter's waits on simulated time (the parallel test phase can keep a task from
/// running for many seconds): a wait is slept in slices, so a limit lifted meanwhile ends it
/// soon. Slept whole, the piece below waited its full 32 s.
struct RateLimiterTests {
    @Test func aWaitEndsSoonAfterTheLimitIsLifted() async throws {
        let now = Mutex(0.0)
        let limiter = Mutex<RateLimiter?>(nil)
        let made = RateLimiter(global: 512, clock: { now.withLock { $0 } }, sleep: { seconds in
            let time = now.withLock { $0 += seconds; return $0 }
            if time >= 0.5 { limiter.withLock { $0 }?.setGlobal(0) }  // lifted half a second in
        })
        limiter.withLock { $0 = made }
        #expect(try await made.grant(1, 1 << 20) == 16_384)
        let waited = now.withLock { $0 }
        #expect(waited < 1, "the 32 s wait ended \(waited) s in, the limit lifted at 0.5 s")
    }
}
