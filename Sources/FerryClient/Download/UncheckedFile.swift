import FerryIO

/// A part file's descriptor, handed to the thread that syncs it while the download thread
/// goes on writing: an fdatasync beside pwrites on the same descriptor is safe, and the
/// file is not closed before that thread is done (``PartFile/finish()`` waits for it).
struct UncheckedFile: @unchecked Sendable {
    let file: PosixFile
    init(_ file: PosixFile) { self.file = file }
}
