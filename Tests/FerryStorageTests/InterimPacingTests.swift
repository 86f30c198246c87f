import FerryStorage
import Testing

/// The helper's `102 Processing` while a body arrives: once a second at most, only between
/// a request's head and its end or its final answer.
struct InterimPacingTests {
    @Test func onceASecondWhileTheBodyArrives() {
        var pacing = InterimPacing(every: 1)
        let early = pacing.bodyArrived(now: 5)
        #expect(!early, "no request yet")
        pacing.requestBegan(now: 10)
        var sent: [Bool] = []
        for now in [10.2, 10.9, 11.0, 11.5, 12.1, 12.2, 14.0] { sent.append(pacing.bodyArrived(now: now)) }
        #expect(sent == [false, false, true, false, true, false, true])
    }

    @Test func nothingAfterTheEndOrTheAnswer() {
        var pacing = InterimPacing(every: 1)
        pacing.requestBegan(now: 0)
        pacing.stop()  // the final answer began (an error before the body ended)
        let after = pacing.bodyArrived(now: 5)
        pacing.requestBegan(now: 10)  // the next request on the connection
        let next = pacing.bodyArrived(now: 11.5)
        #expect(!after && next)
    }
}
