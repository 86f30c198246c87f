import Foundation

/// What is at a path a download is to be written to, as the checks before a download ask:
/// nothing, a regular file or a symbolic link (which a finished download is renamed over),
/// a device or pipe (written in order, as a stream, never replaced), or something else.
public enum PathKind: Equatable, Sendable {
    case absent, file, link, stream, other

    /// `following` looks through a symbolic link (`stat`), else at the link itself (`lstat`).
    public init(of path: String, following: Bool) {
        var info = stat()
        guard (following ? stat(path, &info) : lstat(path, &info)) == 0 else {
            self = .absent
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .file
        case S_IFLNK: self = .link
        case S_IFCHR, S_IFIFO: self = .stream
        default: self = .other  // a socket, a block device, a directory
        }
    }

    /// A download's rename would take the place of what is here: a device, a pipe or a
    /// socket never (`/dev/null` would become a regular file for everybody).
    public var replaceable: Bool { self == .absent || self == .file || self == .link }
}
