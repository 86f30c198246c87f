import FerryCore
import FerryIO
import Glibc

/// Standard input kept on disk for an upload (`ferry put -`). A pipe can be read once, but
/// an upload reads its file twice (the convergent key, then the ciphertext) and again after
/// any break, a crash included; so the bytes are first written to
/// `STATE/stdin/<unique>/<name>` (private, synced) and uploaded from there like any file.
///
/// A spool goes when its upload is done or removed (``sweep(stateDirectory:journal:)``).
/// The command that wrote it holds a lock on it until it ends, so no sweep in another
/// process takes it in the moment between its writing and its queueing.
public final class StdinSpool: @unchecked Sendable {
    /// The file to upload.
    public let path: String
    /// Bytes read.
    public let size: UInt64
    private let file: PosixFile

    /// Reads `input` to its end into a new spool named `name`, syncs it, and keeps it
    /// locked; `started` hears its folder once made, `progress` the bytes read so far, about
    /// every megabyte and whenever the input pauses.
    public init(reading input: Int32, name: String, stateDirectory: String, started: (String) -> Void = { _ in },
                progress: (UInt64) -> Void = { _ in }) throws(TransferError) {
        if let problem = Self.nameProblem(name) { throw .file(code: "file.bad_name", message: problem) }
        let root = Self.directory(in: stateDirectory)
        do { try Directory.createPrivate(root) } catch { throw .file(error) }
        var template = Array((root + "/XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw .file(FileError("mkdtemp", path: root)) }
        let folder = String(validatingCString: made) ?? root
        started(folder)
        path = folder + "/" + name
        do throws(FileError) {
            file = try PosixFile.create(path, mode: 0o600)
            guard flock(file.descriptor, LOCK_EX | LOCK_NB) == 0 else { throw FileError("flock", path: path) }
            size = try Self.copy(input, to: file, progress: progress)
            try file.sync()
            try Directory.sync(folder)
            try Directory.sync(root)
            try Directory.sync(Directory.parent(of: root))  // `stdin/` itself, made by the first one
        } catch {
            Self.remove(folder: folder)
            throw error.errno == ENOSPC || error.errno == EDQUOT
                ? .file(code: "file.no_space", message: "no room for standard input in \(root): \(error.message)")
                : .file(error)
        }
    }

    /// Removes the spool now (its upload is done).
    public func discard() {
        Self.remove(folder: Directory.parent(of: path))
    }

    /// Where spools live.
    public static func directory(in stateDirectory: String) -> String { stateDirectory + "/stdin" }

    /// Why `name` cannot name a file in a directory, if it cannot.
    public static func nameProblem(_ name: String) -> String? {
        let valid = !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.utf8.contains(0) && name.utf8.count <= 255
        return valid ? nil : "\(name.debugDescription) cannot name a file (no '/', not empty, '.' or '..')"
    }

    /// The spools no transfer still needs: for each spool folder, the file's path, unless an
    /// entry of `entries` that is not done uploads it. Pure.
    static func unneeded(folders: [String: [String]], entries: [JournalEntry]) -> [String] {
        let wanted = Set(entries.compactMap { entry -> String? in
            guard entry.state != .done, case .upload(let path) = entry.request else { return nil }
            return Directory.parent(of: path)
        })
        return folders.keys.sorted().filter { !wanted.contains($0) }
    }

    /// Removes every spool whose upload is done or gone, except ones a running command
    /// still holds (being written, or not yet queued). Errors are ignored: a spool left
    /// behind is tried again at the next sweep.
    public static func sweep(stateDirectory: String, journal: Journal) {
        let root = directory(in: stateDirectory)
        guard let names = try? Directory.list(root), !names.isEmpty, let entries = try? journal.all() else { return }
        var folders: [String: [String]] = [:]
        for name in names { folders[root + "/" + name] = (try? Directory.list(root + "/" + name)) ?? [] }
        for folder in unneeded(folders: folders, entries: entries) where !isHeld(folder, files: folders[folder] ?? []) {
            remove(folder: folder)
        }
    }

    private static func isHeld(_ folder: String, files: [String]) -> Bool {
        files.contains { name in
            let descriptor = open(folder + "/" + name, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return false }
            defer { close(descriptor) }
            return flock(descriptor, LOCK_EX | LOCK_NB) != 0
        }
    }

    /// Removes a spool folder and what is in it (a command stopped while reading its input).
    public static func remove(folder: String) {
        for name in (try? Directory.list(folder)) ?? [] { try? Directory.remove(folder + "/" + name) }
        Directory.removeIfEmpty(folder)
    }

    private static func copy(_ input: Int32, to file: PosixFile, progress: (UInt64) -> Void) throws(FileError) -> UInt64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total: UInt64 = 0
        while true {
            // Input that pauses still gets its progress said (a redraw is due by then).
            var watch = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&watch, 1, 250)
            if ready == 0 || (ready < 0 && errno == EINTR) {
                progress(total)
                continue
            }
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw FileError("read", path: "standard input") }
            if count == 0 { return total }
            try file.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), at: total)
            total += UInt64(count)
            progress(total)
        }
    }
}
