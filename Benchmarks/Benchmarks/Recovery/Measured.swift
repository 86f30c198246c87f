import FerryCore
import Foundation

/// What one run of the recovery benchmark measured.
struct Measured {
    let cap: Cap
    /// Connections the proxies cut.
    let breaks: Int
    /// Bytes that crossed more than once (sent again up, fetched again down).
    let again: UInt64
    let timeline: FlowTimeline
    /// When the link came back after an outage, in timeline time.
    let linkUp: Double?
    /// Bytes the proxies carried.
    let crossed: UInt64

    /// A markdown row: breaks, bytes again (total and per break), resume delays after
    /// backoff waits, and for an outage the delay after the link came back.
    func row(_ name: String) -> String {
        let delays = timeline.resumeDelays().sorted()
        let median = delays.isEmpty ? "-" : Self.ms(delays[delays.count / 2])
        let worst = delays.last.map(Self.ms) ?? "-"
        var back = "-"
        if let linkUp, let flow = timeline.flowDelay(after: linkUp) {
            // Counted from the link's return, or from the end of a backoff wait still
            // running then (the target: data within 1 s of both).
            let flowing = linkUp + flow
            if let waitEnd = timeline.lastBackoffEnd(before: flowing), waitEnd > linkUp {
                back = "\(Self.ms(flowing - waitEnd)) after the wait that was running ended (\(Self.ms(flow)) after the link)"
            } else {
                back = "\(Self.ms(flow)) (no wait was running)"
            }
        }
        let perBreak = breaks > 0 ? Self.mib(again / UInt64(breaks)) : "-"
        return "| \(name) | \(breaks) | \(Self.mib(again)) | \(perBreak) | \(median) / \(worst) (\(delays.count) waits) | \(back) |"
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.0f ms", seconds * 1000) }
    static func mib(_ bytes: UInt64) -> String { String(format: "%.2f MiB", Double(bytes) / 1_048_576) }
}
