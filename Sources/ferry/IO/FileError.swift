#if canImport(Glibc)
import Glibc
#endif

/// A failed file-system call, with the path and errno, and a stable code.
struct FileError: Error, CustomStringConvertible {
    let operation: String
    let path: String
    let errno: Int32

    init(_ operation: String, path: String, errno: Int32 = Glibc.errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// True when the input simply is not there (or not readable).
    var isMissingInput: Bool { operation == "open" && (errno == ENOENT || errno == EACCES || errno == ENOTDIR) }

    var code: String { isMissingInput ? "io.no_input" : "io.failed" }
    var message: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
    var description: String { "\(code): \(message)" }
}
