import FerryCore
import FerryHelperProtocol

/// What an ``Uploader`` reports as it goes, for progress bars and logs.
public enum UploadEvent: Sendable {
    /// The first pass (convergent key) has read this much of the file.
    case keying(done: UInt64, total: UInt64)
    /// The key is known: the file's storage index.
    case keyed(StorageIndex)
    /// Another upload of the same contents runs in this process (``UploadTurns``), or
    /// another `ferry` took the helper's upload over; this one waits its turn.
    case waiting
    /// The helper's answer to an ask.
    case answered(AskAnswer)
    /// The ciphertext the helper already had is being hashed locally (a resumed upload).
    case hashing(done: UInt64, total: UInt64)
    /// Sending starts at this offset, of this many bytes (after any local hashing).
    case sending(from: UInt64, total: UInt64)
    /// Bytes handed to the connection.
    case sent(Int)
    /// The helper has this many bytes, durably.
    case acknowledged(UInt64)
    /// The helper keeps at least this many bytes durably, read from its progress while a
    /// send runs (a send's own answer comes only at its end).
    case kept(UInt64)
    /// The helper's progress while it encodes and pushes.
    case pushing(HelperProgress)
    /// A step failed; the upload goes on after this many seconds.
    case retrying(after: Double, error: TransferError)
}
