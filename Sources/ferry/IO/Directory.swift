#if canImport(Glibc)
import Glibc
#endif

/// Directory helpers: create, list, rename-commit, fsync.
enum Directory {
    /// Creates `path` and missing parents (mode 0755).
    static func create(_ path: String) throws(FileError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0, errno != EEXIST { throw FileError("mkdir", path: current) }
        }
    }

    /// Whether `path` is an existing directory.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Names in a directory (no "." or "..").
    static func list(_ path: String) throws(FileError) -> [String] {
        guard let handle = opendir(path) else { throw FileError("open", path: path) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Atomically renames `from` to `to` (the commit point).
    static func rename(_ from: String, to: String) throws(FileError) {
        guard Glibc.rename(from, to) == 0 else { throw FileError("rename", path: from) }
    }

    /// Makes renames inside `path` durable.
    static func sync(_ path: String) throws(FileError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError("open", path: path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileError("fsync", path: path) }
    }
}
