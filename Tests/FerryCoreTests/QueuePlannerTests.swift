import FerryCore
import Testing

struct QueuePlannerTests {
    typealias Entry = QueuePlanner.Entry

    @Test func freeSlotsGoByPriorityThenOrder() {
        let entries = [Entry(id: 1, priority: 0, state: .queued), Entry(id: 2, priority: 5, state: .queued),
                       Entry(id: 3, priority: 0, state: .queued), Entry(id: 4, priority: 0, state: .active)]
        let plan = QueuePlanner.plan(entries, maximumActive: 3)
        #expect(plan.start == [2, 1] && plan.requeue.isEmpty)
    }

    @Test func runningTransfersAreNotStoppedForNewcomers() {
        let entries = [Entry(id: 1, priority: 0, state: .active), Entry(id: 2, priority: 0, state: .retrying(at: 5, code: "x", message: "y")),
                       Entry(id: 3, priority: 9, state: .queued)]
        #expect(QueuePlanner.plan(entries, maximumActive: 2) == ([], []))
    }

    @Test func loweringTheLimitRequeuesTheLeastImportant() {
        let entries = [Entry(id: 1, priority: 1, state: .active), Entry(id: 2, priority: 0, state: .active), Entry(id: 3, priority: 0, state: .active)]
        #expect(QueuePlanner.plan(entries, maximumActive: 1) == ([], [2, 3]))
    }

    @Test func pausedFailedAndDoneNeverStart() {
        let entries = [Entry(id: 1, priority: 0, state: .paused), Entry(id: 2, priority: 0, state: .failed(code: "a", message: "b")),
                       Entry(id: 3, priority: 0, state: .done)]
        #expect(QueuePlanner.plan(entries, maximumActive: 3) == ([], []))
    }

    @Test func restoredStates() {
        #expect(TransferState.active.restored == .queued && TransferState.retrying(at: 1, code: "c", message: "m").restored == .queued)
        #expect(TransferState.paused.restored == .paused && TransferState.done.restored == .done)
    }
}
