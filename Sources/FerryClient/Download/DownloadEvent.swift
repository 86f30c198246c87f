import FerryStorage

/// What a ``Downloader`` reports as it goes.
public enum DownloadEvent: Sendable {
    /// A storage server asked which shares it holds did not answer: refused (a wrong
    /// swissnum or TLS key in its NURL), or unreachable. Said before ``located(shares:servers:of:)``.
    case unanswered(server: String, error: StorageError)
    /// A storage server asked which shares it holds had not answered `waited` after the
    /// others had named enough of them: this attempt goes on without it (``EarlyGathering``).
    /// Said before ``located(shares:servers:of:)``.
    case slow(server: String, waited: Double)
    /// Share holders found: shares known, and servers that answered of those asked.
    case located(shares: Int, servers: Int, of: Int)
    /// The file's size, and how much of it an earlier run already wrote (0 for a fresh
    /// start); sent once, when the destination is opened.
    case resuming(have: UInt64, total: UInt64)
    /// Plaintext bytes written.
    case wrote(Int)
    /// Bytes of a share read from a server (verified later, with the segment).
    case fetched(share: Int, server: String, bytes: Int)
    /// A share's server failed or lied; the download goes on with another.
    case replaced(share: Int, server: String, reason: String)
    /// A step failed; the download goes on after this many seconds.
    case retrying(after: Double, error: TransferError)
    /// Every segment is in; the whole file is being checked.
    case verifying
    /// The part file kept from an earlier run did not verify (changed on disk): it was
    /// deleted, and the file is fetched whole again, once.
    case startingOver(reason: String)
    /// A stream's reader has taken nothing for a second while bytes wait: `opened` false,
    /// no reader has opened the pipe yet. Writing again is said by the next ``wrote(_:)``.
    case waitingForReader(stream: String, opened: Bool)
}

extension DownloadEvent {
    /// What ``slow(server:waited:)`` says.
    public static func slowText(server: String, waited: Double) -> String {
        "storage server \(server) is slow: no answer \(tenths(waited)) s after the others named enough shares; going on without it"
    }

    /// `seconds` to a tenth ("1.0"), as the slow-server texts give a grace.
    static func tenths(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// What ``unanswered(server:error:)`` says: a refusal names the NURL to check.
    public static func unansweredText(server: String, error: StorageError) -> String {
        switch error {
        case .wrongServerKey: "storage server \(server) is not the one its NURL names (its TLS key differs); check its NURL"
        case _ where error.isRetryable: "storage server \(server) did not answer: \(error.message)"
        default: "storage server \(server) refused Ferry (\(error.message)); check its NURL"
        }
    }
}
