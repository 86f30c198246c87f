#if canImport(Glibc)
import Glibc
#endif

/// A failed file-system call, with the path and errno, and a stable code.
public struct FileError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let path: String
    public let errno: Int32

    public init(_ operation: String, path: String, errno: Int32 = Glibc.errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// True when the input simply is not there (or not readable).
    public var isMissingInput: Bool { operation == "open" && (errno == ENOENT || errno == EACCES || errno == ENOTDIR) }

    /// The file system is full, or the user's quota is.
    public var isNoSpace: Bool { errno == ENOSPC || errno == EDQUOT }
    public var code: String { isMissingInput ? "io.no_input" : "io.failed" }
    public var message: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
    public var description: String { "\(code): \(message)" }
}
