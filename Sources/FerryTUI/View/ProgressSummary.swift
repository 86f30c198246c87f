import FerryClient
import FerryCore

/// The one line `ferry put`/`get`/`resume` redraw on a terminal: the running transfers (at
/// most two named), how many more run and wait, and the total speed, fitted to the
/// terminal: what gives way first is a lone transfer's sizes, then the second name.
public enum ProgressSummary {
    public static func line(_ transfers: [TransferSnapshot], width: Int) -> String {
        let running = transfers.filter { $0.state.holdsSlot }.sorted { $0.id < $1.id }
        let waiting = transfers.filter { $0.state == .queued }.count
        let speed = running.reduce(0) { $0 + $1.speed }
        func line(named: Int, sizes: Bool) -> String {
            var parts = running.prefix(named).map { part($0, sizes: sizes && running.count == 1) }
            if running.count > named { parts.append("+\(running.count - named) running") }
            if waiting > 0 { parts.append("\(waiting) queued") }
            return parts.joined(separator: "  ") + (speed > 0 ? "  \(HumanFormat.rate(speed))" : "")
        }
        let most = min(2, running.count), least = min(1, running.count)
        let choices = [(most, true), (most, false), (least, false)]
        return choices.lazy.map { line(named: $0.0, sizes: $0.1) }.first { DisplayWidth.of($0) <= width } ?? line(named: least, sizes: false)
    }

    /// "name [#####.......] 41% sending" (with " 12.0 MiB/30.0 MiB" when `sizes`).
    static func part(_ transfer: TransferSnapshot, sizes: Bool) -> String {
        let fraction = TransferRow.fraction(of: transfer)
        let wait = transfer.retryIn ?? 0
        let phase = transfer.state == .active ? TransferRow.phaseWord(transfer.entry.phase, upload: TransferRow.isUpload(transfer))
            : wait > 0 ? "retrying in \(HumanFormat.duration(wait.rounded(.up)))" : "retrying"
        let shown = sizes && transfer.entry.total > 0 ? " \(HumanFormat.bytes(transfer.entry.done))/\(HumanFormat.bytes(transfer.entry.total))" : ""
        return "\(shortened(transfer.entry.request.name)) [\(bar(fraction, width: 12))] \(Int(fraction * 100))% \(phase)\(shown)"
    }

    /// A bar of `width` cells for a progress line, `#` done and `.` to go.
    public static func bar(_ fraction: Double, width: Int) -> String {
        let filled = Int(fraction * Double(width))
        return String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    }

    /// A file name as a progress line shows it: at most 24 columns, shortened in the middle.
    public static func shortened(_ name: String) -> String {
        Truncate.middle(name, 24, ellipsis: "..")
    }
}
