import FerryCore
import FerryIO
import Foundation
import Glibc

/// The local file being uploaded, opened once: positional reads from any thread, and a
/// check that it has not changed since it was keyed (same inode, size and modification
/// time), since the cap names the bytes read in the first pass.
public final class UploadSource: @unchecked Sendable {
    public let path: String
    public let size: UInt64
    private let file: PosixFile
    private let identity: [Int]

    public init(path: String) throws(TransferError) {
        self.path = path
        do {
            // Opened without waiting: a named pipe's open waits for a writer, and held `put`
            // (and the screen's add) until one came.
            file = try PosixFile.openForReadingWithoutWaiting(path)
            identity = try Self.identity(file)
            let name = (path as NSString).lastPathComponent  // for `put - --name` in the hints
            guard identity[4] & Int(S_IFMT) == Int(S_IFREG) else {
                switch mode_t(identity[4]) & S_IFMT {
                case S_IFDIR:
                    throw TransferError.file(code: "file.unreadable", message: "\(path) is a directory; ferry put sends files (a whole directory: `tar c DIR | ferry put - --name DIR.tar`)")
                case S_IFCHR, S_IFBLK:
                    // `put - < /dev/zero` never ends, and /dev/null gives nothing (a user test).
                    throw TransferError.file(code: "file.unreadable", message: "\(path) is a device, not a file; to upload some of what it gives: "
                                             + "`head -c SIZE \(path) | ferry put - --name NAME`")
                default:
                    throw TransferError.file(code: "file.unreadable", message: "\(path) is not a regular file; to upload what it gives: `ferry put - --name \(name) < \(path)`")
                }
            }
            size = try file.size()
            // A kernel's pseudo-file (`/proc/self/status`) says 0 bytes and gives more: the
            // cap would name an empty file.
            var probe: UInt8 = 0
            if size == 0, try withUnsafeMutableBytes(of: &probe, { try file.read(into: $0, at: 0) }) > 0 {
                throw TransferError.file(code: "file.unreadable", message: "\(path) says it holds 0 bytes but gives more (a pseudo-file); to upload what it gives: `ferry put - --name \(name) < \(path)`")
            }
        } catch let error as FileError {
            throw .file(error)
        } catch let error as TransferError {
            throw error
        } catch {
            throw .file(code: "file.io", message: "\(path): \(error)")
        }
    }

    /// Fills `buffer` from `offset`; anything short of the file's end is an error.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(TransferError) {
        let count: Int
        do { count = try file.read(into: buffer, at: offset) } catch { throw .file(error) }
        guard count == buffer.count else { throw Self.changed(path) }
    }

    /// Lets the file go now: a request abandoned as stalled may keep its body (and so this
    /// source) alive inside the HTTP client after the upload has ended, and held the file
    /// open for the agent's life. Reads after it fail.
    public func close() {
        try? file.close()
    }

    /// Throws `file.changed` when the file is no longer the one that was keyed.
    public func checkUnchanged() throws(TransferError) {
        let now: [Int]
        do { now = try Self.identity(file) } catch { throw .file(error) }
        guard now == identity else { throw Self.changed(path) }
    }

    static func changed(_ path: String) -> TransferError {
        .file(code: "file.changed", message: "\(path) changed while it was being uploaded; upload it again")
    }

    private static func identity(_ file: PosixFile) throws(FileError) -> [Int] {
        var info = stat()
        guard fstat(file.descriptor, &info) == 0 else { throw FileError("stat", path: file.path) }
        return [Int(info.st_dev), Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mode),
                Int(info.st_mtim.tv_nsec)]
    }
}
