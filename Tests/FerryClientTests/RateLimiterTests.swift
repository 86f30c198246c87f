@testable import FerryClient
import Testing

/// The global limit shared between transfers, in real time (a few seconds at a fast rate).
@Suite struct RateLimiterTests {
    /// Takes grants for transfer `id` in pieces of `piece` bytes until `until`; the bytes granted.
    static func take(_ limiter: RateLimiter, id: Int64, piece: Int, until: Double) async throws -> Int {
        var total = 0
        while TransferEngine.monotonicSeconds() < until { total += try await limiter.grant(id, piece) }
        return total
    }

    /// Two transfers asking at once get about the same, whatever the size of their pieces
    /// (an upload asking whole chunks beside a download asking a block at a time: every piece
    /// waited for the whole debt, so the one asking more at once took more, here 10 to 1).
    /// Together they keep to the limit.
    @Test func transfersAskingTogetherShareTheGlobalLimitEvenly() async throws {
        let limiter = RateLimiter(global: 2_000_000, clock: TransferEngine.monotonicSeconds)
        let start = TransferEngine.monotonicSeconds()
        let until = start + 3
        async let big = Self.take(limiter, id: 1, piece: 1_000_000, until: until)
        async let small = Self.take(limiter, id: 2, piece: 50_000, until: until)
        let (a, b) = try await (big, small)
        let elapsed = TransferEngine.monotonicSeconds() - start
        let ratio = Double(a) / Double(b)
        #expect(ratio > 0.6 && ratio < 1.67, "\(a) and \(b) bytes granted")
        #expect(Double(a + b) <= 2_000_000 * elapsed + 1_000_000, "\(a + b) bytes in \(elapsed) s at 2 MB/s")
    }

    /// Alone, a transfer has the whole limit again once the other has stopped asking.
    @Test func aTransferAloneHasTheWholeLimit() async throws {
        let limiter = RateLimiter(global: 2_000_000, clock: TransferEngine.monotonicSeconds)
        _ = try await limiter.grant(2, 50_000)  // another asked once, long ago by then
        let start = TransferEngine.monotonicSeconds() + RateLimiter.recent
        try await Task.sleep(for: .seconds(RateLimiter.recent))
        let taken = try await Self.take(limiter, id: 1, piece: 100_000, until: start + 2)
        #expect(taken > 3_000_000, "\(taken) bytes in 2 s: the whole 2 MB/s, not half")
    }
}
