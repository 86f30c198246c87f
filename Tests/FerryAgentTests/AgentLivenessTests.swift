import FerryAgent
import Testing

/// Pings while connected: one at a time, every `every` seconds after an answer; silent
/// once one goes unanswered past the deadline, said once; answering again ends it.
@Suite struct AgentLivenessTests {
    @Test func anAgentThatAnswersIsNeverSilent() {
        var liveness = AgentLiveness(every: 2, deadline: 6, now: 100)
        #expect(liveness.step(now: 101) == .wait)
        #expect(liveness.step(now: 102) == .ask)
        #expect(liveness.step(now: 103) == .wait, "one ping at a time")
        #expect(liveness.answered(now: 103.5) == false)
        #expect(liveness.step(now: 105) == .wait, "the next comes `every` after the answer")
        #expect(liveness.step(now: 105.5) == .ask)
        #expect(!liveness.silent)
    }

    @Test func anUnansweredPingMakesItSilentOnceUntilItAnswers() {
        var liveness = AgentLiveness(every: 2, deadline: 6, now: 0)
        #expect(liveness.step(now: 2) == .ask)
        #expect(liveness.step(now: 7.9) == .wait)
        #expect(liveness.step(now: 8) == .fellSilent(since: 2))
        #expect(liveness.silent)
        #expect(liveness.step(now: 9) == .wait, "said once")
        #expect(liveness.step(now: 60) == .wait, "no second ping while the first waits: the agent reads them in turn")
        #expect(liveness.answered(now: 61) == true, "the answer ends the silence")
        #expect(!liveness.silent)
        #expect(liveness.step(now: 62) == .wait)
        #expect(liveness.step(now: 63) == .ask)
        #expect(liveness.answered(now: 63.1) == false)
    }
}
