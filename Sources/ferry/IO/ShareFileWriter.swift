import FerryIO
import FerryCore

/// Writes N share files into a directory the safe way: each goes to `.<n>.part`, is
/// fsynced, then renamed to `<n>`; the directory is fsynced last. A crash leaves only
/// `.part` files, never a half-written share under its real name.
/// Used from one thread at a time (the caller, or its ``BackgroundWriter``).
final class ShareFileWriter: @unchecked Sendable {
    let directory: String
    private var files: [PosixFile]
    private let durable: Bool

    init(directory: String, count: Int, durable: Bool) throws(FileError) {
        self.directory = directory
        self.durable = durable
        try Directory.create(directory)
        var files: [PosixFile] = []
        for share in 0..<count { files.append(try PosixFile.create("\(directory)/.\(share).part")) }
        self.files = files
    }

    /// Writes bytes of `share` at `offset`.
    func write(share: Int, at offset: UInt64, _ bytes: UnsafeRawBufferPointer) throws(FileError) {
        try files[share].write(bytes, at: offset)
    }

    /// Writes bytes of `share` at `offset`.
    func write(share: Int, at offset: UInt64, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in try files[share].write(buffer, at: offset) }
    }

    /// Syncs, closes and renames every share into place.
    func commit() throws(FileError) {
        for (share, file) in files.enumerated() {
            if durable { try file.sync() }
            try file.close()
            try Directory.rename("\(directory)/.\(share).part", to: "\(directory)/\(share)")
        }
        if durable { try Directory.sync(directory) }
    }
}
