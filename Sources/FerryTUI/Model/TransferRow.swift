import FerryClient
import FerryCore

/// How one transfer reads on the screen: its name, direction, progress, the state word
/// (with the phase while active and the countdown while retrying) and the role it is
/// coloured with. Pure.
public enum TransferRow {
    public static func name(of transfer: TransferSnapshot) -> String {
        switch transfer.entry.request {
        case .upload(let path): basename(path)
        case .download(_, let destination): destination == "-" ? "(standard output)" : basename(destination)
        }
    }

    public static func isUpload(_ transfer: TransferSnapshot) -> Bool { transfer.isUpload }

    /// 0…1 of the current phase's bytes; done is 1.
    public static func fraction(of transfer: TransferSnapshot) -> Double {
        if transfer.state == .done { return 1 }
        guard transfer.entry.total > 0 else { return 0 }
        return min(1, Double(transfer.entry.done) / Double(transfer.entry.total))
    }

    /// The state column: "sending", "retry 4s", "paused", "failed: bad cap", "done".
    public static func stateText(_ transfer: TransferSnapshot, retryIn: Double?) -> String {
        switch transfer.state {
        case .queued: "queued"
        case .active: phaseWord(transfer.entry.phase, upload: isUpload(transfer))
        // Once the wait is over the next try is under way (a dead server can take its idle
        // timeout to answer): "retrying", not a countdown stuck at "retry 0s".
        case .retrying: retryIn.flatMap { $0 > 0 ? "retry \(HumanFormat.duration($0.rounded(.up)))" : nil } ?? "retrying"
        case .paused: "paused"
        case .failed(let code, _): "failed: \(reason(code))"
        case .done: "done"
        }
    }

    public static func role(_ state: TransferState) -> StyleRole {
        switch state {
        case .queued: .queued
        case .active: .active
        case .retrying: .retrying
        case .paused: .paused
        case .failed: .failed
        case .done: .done
        }
    }

    /// The phase as the person reads it (SCREEN.md's order: hashing → asking → sending →
    /// encoding → pushing → verifying; locating → receiving → verifying).
    public static func phaseWord(_ phase: String, upload: Bool) -> String {
        TransferLogBook.phaseWord(phase, upload: upload)
    }

    /// A few words for a failure code: "download.bad_cap" → "bad cap".
    public static func reason(_ code: String) -> String {
        let last = code.split(separator: ".").last.map(String.init) ?? code
        return last.replacingOccurrences(of: "_", with: " ")
    }

    /// The last part of `path`, printable (the screen dropped control characters, and a
    /// name with one read as another).
    static func basename(_ path: String) -> String {
        Printable.name(path.split(separator: "/").last.map(String.init) ?? path)
    }
}
