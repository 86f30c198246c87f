@testable import FerryClient
import Synchronization
import Testing

/// Going on with the answers in hand once they are enough, after a grace for the rest.
@Suite struct EarlyGatheringTests {
    @Test func aQuestionNeverAnsweredIsLeftOutOnceTheOthersAreEnough() async {
        let cancelled = Mutex<[Int]>([])
        let outcome = await EarlyGathering<Int>.gather(count: 5, enough: { $0.count >= 3 }) { index in
            guard index == 2 else { return index * 10 }
            // A frozen server: answers only after a minute, unless cancelled first.
            try? await Task.sleep(for: .seconds(60))
            if Task.isCancelled { cancelled.withLock { $0.append(index) } }
            return -1
        }
        // Left out, not waited for: its answer (-1) would have come only after a minute.
        // (No time is asserted: in a busy test run the tasks themselves start late.)
        #expect(outcome.answers.map(\.value).sorted() == [0, 10, 30, 40])
        #expect(outcome.leftOut == [2])
        #expect(outcome.grace.map { $0 >= .seconds(1) && $0 <= .seconds(5) } == true, "\(String(describing: outcome.grace))")
        // The question left out is told to stop (its task is not awaited).
        for _ in 0..<200 where cancelled.withLock({ $0.isEmpty }) { try? await Task.sleep(for: .milliseconds(10)) }
        #expect(cancelled.withLock { $0 } == [2])
    }

    @Test func everyAnswerThatComesInTheGraceIsTaken() async {
        let outcome = await EarlyGathering<Int>.gather(count: 4, enough: { $0.count >= 1 }) { index in
            // One answers at once; the others a little later, well inside the second's grace.
            if index > 0 { try? await Task.sleep(for: .milliseconds(100 * index)) }
            return index
        }
        #expect(outcome.answers.map(\.value).sorted() == [0, 1, 2, 3])
        #expect(outcome.leftOut.isEmpty && outcome.grace == nil)
    }

    @Test func whatIsNeverEnoughWaitsForEveryAnswer() async {
        let outcome = await EarlyGathering<Int>.gather(count: 3, enough: { _ in false }) { index in
            try? await Task.sleep(for: .milliseconds(50 * index))
            return index
        }
        #expect(outcome.answers.map(\.value) == [0, 1, 2] && outcome.leftOut.isEmpty)
        let none = await EarlyGathering<Int>.gather(count: 0, enough: { _ in true }) { $0 }
        #expect(none.answers.isEmpty && none.leftOut.isEmpty)
    }

    @Test func theGraceFollowsHowLongEnoughTook() {
        #expect(EarlyGathering<Int>.grace(after: .milliseconds(20)) == .seconds(1))
        #expect(EarlyGathering<Int>.grace(after: .milliseconds(800)) == .milliseconds(1600))
        #expect(EarlyGathering<Int>.grace(after: .seconds(10)) == .seconds(5))
    }
}
