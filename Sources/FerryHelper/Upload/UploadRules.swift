import FerryCore
import FerryHelperProtocol

/// The helper's upload decisions, free of I/O: whether an ask may start or resume an
/// upload, and whether a piece of ciphertext may be written.
enum UploadRules {
    /// Checks an ask for an upload that does not exist yet.
    static func admit(_ ticket: UploadTicket, limits: HelperLimits, receiving: Int, freeSpace: UInt64,
                      promised: UInt64) throws(HelperError) {
        do { _ = try ticket.encoding.validated() } catch { throw .badRequest(error.message) }
        // Refused before a byte is sent: the push could never be placed, and the client
        // retried for ever while the helper said nothing (an operator's 5 servers and the
        // default happy = 7).
        guard ticket.encoding.happy <= limits.storageServers else {
            throw .badRequest("this helper pushes to \(limits.storageServers) storage server\(limits.storageServers == 1 ? "" : "s"), and the upload "
                              + "asks for shares on \(ticket.encoding.happy) (happy): lower [encoding] happy in the config to at most "
                              + "\(limits.storageServers), or ask the helper's operator for more storage servers")
        }
        guard ticket.size <= limits.maximumUploadSize else {
            throw .tooLarge("\(HumanFormat.bytes(ticket.size)) (\(ticket.size) bytes) is over the helper's limit of \(HumanFormat.bytes(limits.maximumUploadSize))")
        }
        guard receiving < limits.concurrentUploads else {
            throw .busy("\(receiving) uploads are in progress; the limit is \(limits.concurrentUploads)")
        }
        let needed = limits.reservedSpace.addingReportingOverflow(promised).partialValue.addingReportingOverflow(ticket.size)
        guard !needed.overflow, needed.partialValue <= freeSpace else {
            throw .insufficientStorage("\(ticket.size) more bytes would not leave the reserved \(limits.reservedSpace) free")
        }
    }

    /// Checks an ask against the upload already under way for the same storage index; true
    /// when it differs in happiness only, which the upload then takes. Happiness shapes
    /// neither the key nor a byte of ciphertext or shares, only when a push counts as placed:
    /// a client that lowered it (more than its grid's servers) was refused for the upload's
    /// whole lifetime, a week, by a message naming what had not changed.
    static func resume(_ ticket: UploadTicket, existing: UploadTicket) throws(HelperError) -> Bool {
        var differing: [String] = []
        if ticket.size != existing.size { differing.append("size \(existing.size) (asked \(ticket.size))") }
        let (was, now) = (existing.encoding, ticket.encoding)
        if (was.needed, was.total) != (now.needed, now.total) {
            differing.append("encoding \(was.needed)-of-\(was.total) (asked \(now.needed)-of-\(now.total))")
        }
        if was.maxSegmentSize != now.maxSegmentSize { differing.append("segment size \(was.maxSegmentSize) (asked \(now.maxSegmentSize))") }
        guard differing.isEmpty else {
            throw .parametersMismatch("an upload of this storage index is under way with " + differing.joined(separator: ", "))
        }
        return was.happy != now.happy
    }

    /// How much of a piece fits before the declared size; more is refused after it is kept.
    static func fitting(_ count: Int, at offset: UInt64, size: UInt64) -> Int {
        Int(min(UInt64(count), size - min(offset, size)))
    }
}
