/// Asks many servers the same kind of question at once and goes on as soon as the answers
/// in hand are enough, after a short grace for the rest: one frozen or far slower server
/// among ten no longer holds every download for the idle timeout (10 s), as it did when
/// every answer was awaited (Tahoe-LAFS's downloader, too, starts once it has found enough
/// shares).
///
/// Each question runs in a task of its own, not a group's: a group waits for every child,
/// and a frozen server's certificate fetch does not end when cancelled, only at its own
/// timeout. Questions not answered in time are cancelled and their indexes returned.
struct EarlyGathering<Value: Sendable> {
    /// What came in time, in the order it came, and the indexes of the questions left out.
    /// A struct, not a tuple: Swift 6.3.1's optimizer garbled tuples carried out of tasks.
    struct Outcome: Sendable {
        var answers: [Answer]
        var leftOut: [Int]
        /// How long the stragglers were given once the answers were enough (nil: none was
        /// needed, every question was answered first).
        var grace: Duration?
    }

    struct Answer: Sendable {
        let index: Int
        let value: Value
    }

    /// Runs `count` questions (`ask(index)`), each in its own task, and returns once every one
    /// has answered or, from the moment `enough` first holds for the answers in hand, the
    /// ``grace(after:)`` for the time that took has passed.
    static func gather(count: Int, enough: @escaping ([Answer]) -> Bool,
                       _ ask: @escaping @Sendable (Int) async -> Value) async -> Outcome {
        guard count > 0 else { return Outcome(answers: [], leftOut: [], grace: nil) }
        let (arrivals, arrived) = AsyncStream.makeStream(of: Answer.self)
        let started = ContinuousClock.now
        let asking = (0..<count).map { index in
            Task { arrived.yield(Answer(index: index, value: await ask(index))) }
        }
        var answers: [Answer] = []
        var timer: Task<Void, Never>?
        var grace: Duration?
        for await answer in arrivals {
            answers.append(answer)
            if answers.count == count { break }
            if timer == nil, enough(answers) {
                let wait = Self.grace(after: ContinuousClock.now - started)
                grace = wait
                timer = Task {
                    try? await Task.sleep(for: wait)
                    arrived.finish()
                }
            }
        }
        arrived.finish()
        timer?.cancel()
        let answered = Set(answers.map(\.index))
        let leftOut = (0..<count).filter { !answered.contains($0) }
        for index in leftOut { asking[index].cancel() }
        return Outcome(answers: answers, leftOut: leftOut, grace: leftOut.isEmpty ? nil : grace)
    }

    /// How long the questions still open are waited for once the answers in hand are enough,
    /// `elapsed` after they were asked: twice that (servers as far as those that answered
    /// have answered by then), at least a second (a busy machine or a cold connection makes
    /// one healthy server late by a few hundred milliseconds), at most five (under the idle
    /// timeout, which would end a frozen server's question anyway).
    static func grace(after elapsed: Duration) -> Duration {
        min(max(elapsed * 2, .seconds(1)), .seconds(5))
    }
}
