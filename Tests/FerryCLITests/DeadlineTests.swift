import Synchronization
import Testing

/// The deadline the engine tests wait with.
struct DeadlineTests {
    @Test func workPastItsDeadlineIsCancelledAndNotWaitedFor() async {
        let cancelled = Atomic(false)
        let result = await Deadline<Int>.run(within: 0.3) {
            do { try await Task.sleep(for: .seconds(1000)) } catch { cancelled.store(true, ordering: .releasing) }
            return 1
        }
        #expect(result == nil)
        for _ in 0..<100 where !cancelled.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(20)) }
        let sawCancellation = cancelled.load(ordering: .acquiring)
        #expect(sawCancellation)
    }

    @Test func workInTimeGivesItsResult() async {
        #expect(await Deadline<Int>.run(within: 60) { 7 } == 7)
    }
}
