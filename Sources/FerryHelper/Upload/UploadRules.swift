import FerryCore
import FerryHelperProtocol

/// The helper's upload decisions, free of I/O: whether an ask may start or resume an
/// upload, and whether a piece of ciphertext may be written.
enum UploadRules {
    /// Checks an ask for an upload that does not exist yet.
    static func admit(_ ticket: UploadTicket, limits: HelperLimits, receiving: Int, freeSpace: UInt64,
                      promised: UInt64) throws(HelperError) {
        do { _ = try ticket.encoding.validated() } catch { throw .badRequest(error.message) }
        guard ticket.size <= limits.maximumUploadSize else {
            throw .tooLarge("\(ticket.size) bytes is over the helper's limit of \(limits.maximumUploadSize)")
        }
        guard receiving < limits.concurrentUploads else {
            throw .busy("\(receiving) uploads are in progress; the limit is \(limits.concurrentUploads)")
        }
        let needed = limits.reservedSpace.addingReportingOverflow(promised).partialValue.addingReportingOverflow(ticket.size)
        guard !needed.overflow, needed.partialValue <= freeSpace else {
            throw .insufficientStorage("\(ticket.size) more bytes would not leave the reserved \(limits.reservedSpace) free")
        }
    }

    /// Checks an ask against the upload already under way for the same storage index.
    static func resume(_ ticket: UploadTicket, existing: UploadTicket) throws(HelperError) {
        guard ticket == existing else {
            throw .parametersMismatch("an upload of this storage index with size \(existing.size) and encoding "
                + "\(existing.encoding.needed)-of-\(existing.encoding.total) is under way")
        }
    }

    /// How much of a piece fits before the declared size; more is refused after it is kept.
    static func fitting(_ count: Int, at offset: UInt64, size: UInt64) -> Int {
        Int(min(UInt64(count), size - min(offset, size)))
    }
}
