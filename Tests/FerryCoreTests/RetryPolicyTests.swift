import FerryCore
import Testing

@Suite struct RetryPolicyTests {
    @Test func ceilingsDoubleUpToTheCap() {
        let policy = RetryPolicy(initialDelay: 1, maximumDelay: 30, multiplier: 2)
        #expect((0...8).map { policy.ceiling(afterFailures: $0) } == [0, 1, 2, 4, 8, 16, 30, 30, 30])
        #expect(policy.ceiling(afterFailures: 10_000) == 30, "no overflow however long the outage")
    }

    @Test func fullJitterSpansZeroToTheCeiling() {
        let policy = RetryPolicy(initialDelay: 0.5, maximumDelay: 10)
        #expect(policy.delay(afterFailures: 3, random: 0) == 0)
        #expect(policy.delay(afterFailures: 3, random: 0.5) == 1)
        #expect(policy.delay(afterFailures: 3, random: 0.999)! < 2)
        #expect(policy.delay(afterFailures: 3, random: 7) == 2, "random is clamped")
    }

    @Test func givesUpAfterTheLimitOnlyWhenThereIsOne() {
        let limited = RetryPolicy(maximumTries: 3)
        #expect(limited.delay(afterFailures: 2, random: 1) != nil && limited.delay(afterFailures: 3, random: 1) == nil)
        #expect(RetryPolicy().delay(afterFailures: 1_000_000, random: 1) == 30)
    }

    @Test func progressResetsTheCountAndFinalErrorsStopAtOnce() {
        var state = RetryState(policy: RetryPolicy(initialDelay: 1, maximumDelay: 60, maximumTries: 4))
        #expect(state.failed(retryable: true, random: 1) == 1)
        #expect(state.failed(retryable: true, random: 1) == 2)
        #expect(state.failed(retryable: true, random: 1) == 4)
        state.progressed()
        #expect(state.failures == 0)
        #expect(state.failed(retryable: true, random: 1) == 1, "back to the first wait after progress")
        #expect(state.failed(retryable: false, random: 1) == nil, "an error retrying cannot mend")
        for _ in 0..<2 { _ = state.failed(retryable: true, random: 1) }
        #expect(state.failed(retryable: true, random: 1) == nil, "the fourth failure in a row gives up")
    }
}
