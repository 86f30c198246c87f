@testable import FerryClient
import Synchronization
import Testing

/// Going on with the answers in hand once they are enough, after a grace for the rest.
@Suite struct EarlyGatheringTests {
    @Test func aQuestionNeverAnsweredIsLeftOutOnceTheOthersAreEnough() async {
        let asked = ContinuousClock.now
        let cancelled = Mutex<[Int]>([])
        let outcome = await EarlyGathering<Int>.gather(count: 5, enough: { $0.count >= 3 }) { index in
            guard index == 2 else { return index * 10 }
            // A frozen server: answers only after a minute, unless cancelled first.
            try? await Task.sleep(for: .seconds(60))
            if Task.isCancelled { cancelled.withLock { $0.append(index) } }
            return -1
        }
        #expect(outcome.answers.map(\.value).sorted() == [0, 10, 30, 40])
        #expect(outcome.leftOut == [2])
        #expect(outcome.grace == .seconds(1), "the least grace, the others answered at once")
        #expect(ContinuousClock.now - asked < .seconds(30), "waited for the frozen one")
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
