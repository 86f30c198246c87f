import CStandardStreams
import Glibc

/// Whether standard input or output was closed when the process started (`<&-`, `>&-`).
/// Such a descriptor was put on /dev/null before anything else ran (`CStandardStreams`),
/// so no file or socket of the process takes its number; these refuse to read or write
/// the stream instead of reading nothing or writing into /dev/null.
enum StandardStreams {
    static var inputWasClosed: Bool { ferry_closed_standard_streams() & 1 != 0 }
    static var outputWasClosed: Bool { ferry_closed_standard_streams() & 2 != 0 }

    /// Whether `path` (its links followed) is this process's standard output: `/dev/stdout`,
    /// `/proc/self/fd/1`, or the very file it was redirected to. `get -o /dev/stdout > f`
    /// found f existing and offered --force, which replaces a link: /dev/stdout itself.
    static func isStandardOutput(_ path: String) -> Bool {
        guard !outputWasClosed else { return false }
        var named = stat(), standard = stat()
        guard stat(path, &named) == 0, fstat(1, &standard) == 0 else { return false }
        return named.st_dev == standard.st_dev && named.st_ino == standard.st_ino
    }
}
