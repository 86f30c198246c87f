import FerryClient

/// What a command waiting on its transfers says when it stops before they all end (a
/// signal, or the agent stopped): those already done are given as done (their caps: a
/// `put` under `timeout` printed none of the files it had finished), the others as stopped
/// or left to the agent, and nothing is shown after it.
struct CommandStop: Sendable {
    enum Ending: Sendable {
        /// Journaled, not running: `code` and why.
        case stopped(code: String, reason: String)
        /// Running on in the agent.
        case detached
    }

    let reporter: EngineReporter
    let ids: [Int64]
    /// Hears the transfers that had finished, in the command's order, before anything else.
    let finished: @Sendable ([TransferSnapshot]) -> Void

    /// Says it; the transfers not finished.
    func say(_ ending: Ending) -> [Int64] {
        reporter.finish()
        let known = reporter.close()
        finished(ids.compactMap { known[$0] }.filter { $0.state == .done })
        let left = ids.filter { known[$0]?.state != .done }
        reporter.interrupted(left, names: known.mapValues(\.entry.request.name), ending: ending)
        return left
    }
}
