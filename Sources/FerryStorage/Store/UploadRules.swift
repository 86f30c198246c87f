import FerryCore

/// The decisions of the immutable upload protocol, free of I/O, shared by every store:
/// who gets which shares, which writes are allowed, which aborts. Stores do the bytes.
public enum UploadRules {
    /// Most share numbers a bucket can have (zfec's limit).
    public static let maximumShares = 256

    /// Splits requested shares into complete (`alreadyHave`), incoming ones this secret may
    /// resume, and ones to create; checks share numbers and size. New shares are created
    /// while they fit, lowest numbers first, as Tahoe's servers do: a server with room for
    /// some of them takes those, and the rest are left out of the answer, for the uploader
    /// to place elsewhere (it refused all of them: operator test). Only when the answer
    /// would grant nothing at all is the request refused (507).
    public static func allocate(
        requested: Set<Int>, size: UInt64, complete: Set<Int>, incoming: [Int: IncomingShare],
        upload: UploadSecret, capacity: StoreCapacity
    ) throws(StorageError) -> (alreadyHave: Set<Int>, resume: Set<Int>, create: Set<Int>) {
        guard requested.allSatisfy({ (0..<maximumShares).contains($0) }) else {
            throw .badRequest("share numbers must be 0 to \(maximumShares - 1)")
        }
        let digest = upload.digest
        let alreadyHave = requested.intersection(complete)
        let resume = requested.subtracting(complete).filter { incoming[$0]?.secretDigest == digest }
        let wanted = newShares(requested, complete: complete, incoming: incoming)
        guard !wanted.isEmpty else { return (alreadyHave, resume, []) }
        guard size <= capacity.maximumShareSize else {
            throw .tooLarge("share size \(size) exceeds the maximum \(capacity.maximumShareSize)")
        }
        let fitting = size == 0 ? wanted.count : Int(min(capacity.availableSpace / size, UInt64(wanted.count)))
        guard fitting > 0 || !resume.isEmpty || !alreadyHave.isEmpty else {
            throw .insufficientStorage("\(wanted.count) share\(wanted.count == 1 ? "" : "s") of \(size) bytes \(wanted.count == 1 ? "does" : "do") not fit in \(capacity.availableSpace) bytes")
        }
        return (alreadyHave, resume, Set(wanted.prefix(fitting)))
    }

    /// The requested shares the server has in no form, finished or incoming (those an
    /// allocation would create), lowest first.
    public static func newShares(_ requested: Set<Int>, complete: Set<Int>, incoming: [Int: IncomingShare]) -> [Int] {
        requested.subtracting(complete).filter { incoming[$0] == nil }.sorted()
    }

    /// Checks a write against the incoming share; returns the already-written parts of it,
    /// which the store must compare byte for byte.
    public static func checkWrite(
        _ state: IncomingShare?, completeExists: Bool, offset: UInt64, length: Int, upload: UploadSecret
    ) throws(StorageError) -> [Range<UInt64>] {
        guard let state else {
            throw .notFound(completeExists ? "share is already complete" : "no upload in progress for this share")
        }
        guard state.secretDigest == upload.digest else { throw .unauthorized }
        let (end, overflow) = offset.addingReportingOverflow(UInt64(length))
        guard !overflow, end <= state.size else {
            throw .rangeNotSatisfiable("bytes \(offset)-\(end) lie outside the share's \(state.size) bytes")
        }
        return state.present.intersection(with: offset..<end)
    }

    /// Checks an abort.
    public static func checkAbort(_ state: IncomingShare?, completeExists: Bool, upload: UploadSecret) throws(StorageError) {
        guard let state else {
            if completeExists { throw .notAllowed("share is complete; it cannot be aborted") }
            throw .notFound("no upload in progress for this share")
        }
        guard state.secretDigest == upload.digest else { throw .unauthorized }
    }

    /// Checks a share number from a request path.
    public static func checkShareNumber(_ share: Int) throws(StorageError) {
        guard (0..<maximumShares).contains(share) else { throw .badRequest("share number \(share) out of range") }
    }

    /// Seconds an incoming share may go untouched before the store abandons it, as Tahoe's
    /// servers do after 30 minutes without a write: an uploader that never comes back (a
    /// helper removed for good) would otherwise hold its space for ever (operator test).
    public static let idleIncomingTimeout: UInt64 = 30 * 60

    /// The incoming shares idle for `idleIncomingTimeout` or longer at `now`.
    public static func idle(_ incoming: [StorageIndex: [Int: IncomingShare]], now: UInt64) -> [(index: StorageIndex, share: Int)] {
        incoming.flatMap { index, shares in
            shares.filter { now >= $0.value.touched &+ idleIncomingTimeout }.keys.sorted().map { (index, $0) }
        }
    }

    /// Seconds a lease lasts after each renewal (Tahoe's fixed 31 days).
    public static let leaseDuration: UInt64 = 31 * 24 * 3600
}
