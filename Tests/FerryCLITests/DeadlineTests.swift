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

    /// Many ending at once, each well inside its deadline: every one gives its result. (A
    /// first version's timer, woken by its cancellation, could take the result's place; a
    /// window of nanoseconds, met once under load in the parallel phase and not here.)
    @Test func workInTimeGivesItsResult() async {
        await withTaskGroup(of: Int?.self) { group in
            for number in 0..<1000 { group.addTask { await Deadline<Int>.run(within: 60) { number } } }
            var results: [Int?] = []
            for await result in group { results.append(result) }
            #expect(results.compactMap { $0 }.sorted() == Array(0..<1000))
        }
    }
}
