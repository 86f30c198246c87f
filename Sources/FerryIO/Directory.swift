#if canImport(Glibc)
import Glibc
#endif

/// Directory helpers: create, list, rename-commit, fsync.
public enum Directory {
    /// Creates `path` and missing parents (mode 0755).
    public static func create(_ path: String) throws(FileError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0, errno != EEXIST { throw FileError("mkdir", path: current) }
        }
    }

    /// Creates `path` like ``create(_:)``, then fsyncs every directory from its parent up to
    /// `base`, so each entry on the way is durable in its parent: whether or not this process
    /// made it (one made by a process killed before its sync is not). For the directories
    /// acknowledged data goes into.
    public static func createDurably(_ path: String, under base: String) throws(FileError) {
        try create(path)
        var current = path
        while current.count > base.count, current.hasPrefix(base) {
            current = parent(of: current)
            try sync(current)
        }
    }

    /// Creates `path` like ``create(_:)`` and makes it private (0700) when it is this user's:
    /// for directories holding read caps and swissnums (the journal, the embedded grid),
    /// which other users of the machine must not read. Tightens one made earlier, too.
    public static func createPrivate(_ path: String) throws(FileError) {
        try create(path)
        var info = stat()
        if stat(path, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o077 != 0 {
            guard chmod(path, 0o700) == 0 else { throw FileError("chmod", path: path) }
        }
    }

    /// Whether `path` is an existing directory.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Names in a directory (no "." or "..").
    public static func list(_ path: String) throws(FileError) -> [String] {
        guard let handle = opendir(path) else { throw FileError("open", path: path) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a file; a missing file is not an error.
    public static func remove(_ path: String) throws(FileError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw FileError("unlink", path: path) }
    }

    /// Removes an empty directory; a missing or non-empty one is left alone.
    public static func removeIfEmpty(_ path: String) {
        _ = rmdir(path)
    }

    /// Whether a file (of any kind) exists at `path`.
    public static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Bytes available to unprivileged users on the file system holding `path`.
    public static func availableBytes(_ path: String) throws(FileError) -> UInt64 {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { throw FileError("statvfs", path: path) }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// Writes `bytes` to `path` atomically: a temporary file, fsync, rename, directory fsync.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(FileError) {
        let temporary = path + ".tmp"
        try writeSynced(bytes, to: temporary, mode: mode)
        try rename(temporary, to: path)
        try sync(parent(of: path))
    }

    /// Writes `bytes` to `path` only if nothing is there yet, durably (a temporary file of a
    /// name of its own, fsync, `link`, directory fsync): of processes racing to create the
    /// same file, exactly one wins and the others find its file. False when `path` exists.
    public static func createExclusively(_ bytes: [UInt8], at path: String, mode: mode_t = 0o644) throws(FileError) -> Bool {
        let temporary = "\(path).new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(temporary) }
        try writeSynced(bytes, to: temporary, mode: mode)
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw FileError("link", path: path)
        }
        try sync(parent(of: path))
        return true
    }

    /// A new file at `path` holding `bytes`, fsynced and closed (the temporary of a commit).
    private static func writeSynced(_ bytes: [UInt8], to path: String, mode: mode_t) throws(FileError) {
        let file = try PosixFile.create(path, mode: mode)
        try file.write(bytes, at: 0)
        try file.sync()
        try file.close()
    }

    /// The directory part of a path ("." for a bare name).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Atomically renames `from` to `to` (the commit point).
    public static func rename(_ from: String, to: String) throws(FileError) {
        guard Glibc.rename(from, to) == 0 else { throw FileError("rename", path: from) }
    }

    /// Renames `from` to `to` unless something is at `to` already: then throws with errno
    /// EEXIST and both stay. Made of a hard link (which never replaces) and the old name's
    /// removal; a file system without hard links gets a check, then a rename. One already
    /// linked (a crash between the two steps) is finished.
    public static func renameKeeping(_ from: String, to: String) throws(FileError) {
        if Glibc.link(from, to) == 0 {
            guard unlink(from) == 0 else { throw FileError("unlink", path: from) }
            return
        }
        let failure = errno
        var old = stat(), new = stat()
        if failure == EEXIST, lstat(from, &old) == 0, lstat(to, &new) == 0, old.st_dev == new.st_dev, old.st_ino == new.st_ino {
            guard unlink(from) == 0 else { throw FileError("unlink", path: from) }
            return
        }
        guard failure == EPERM || failure == ENOTSUP || failure == EOPNOTSUPP || failure == EMLINK || failure == EXDEV else {
            throw FileError("link", path: to, errno: failure)
        }
        guard lstat(to, &new) != 0 else { throw FileError("link", path: to, errno: EEXIST) }
        try rename(from, to: to)
    }

    /// Makes renames inside `path` durable.
    public static func sync(_ path: String) throws(FileError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError("open", path: path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileError("fsync", path: path) }
    }
}
