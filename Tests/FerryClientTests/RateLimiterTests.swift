import FerryClient
import Foundation
import Testing

/// The limiter's waits on real time: a wait is slept in slices, so a limit lifted meanwhile
/// ends it soon (slept whole, the piece below waited its full 32 s).
struct RateLimiterTests {
    @Test func aWaitEndsSoonAfterTheLimitIsLifted() async throws {
        let limiter = RateLimiter(global: 512, clock: TransferEngine.monotonicSeconds)
        let started = TransferEngine.monotonicSeconds()
        let waiting = Task { try await limiter.grant(1, 1 << 20) }
        try await Task.sleep(for: .milliseconds(500))
        limiter.setGlobal(0)
        #expect(try await waiting.value == 16_384)
        let took = TransferEngine.monotonicSeconds() - started
        #expect(took < 16, "the 32 s wait ended \(took) s after it began, the limit lifted at 0.5 s")
    }
}
