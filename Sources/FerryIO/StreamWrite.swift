#if canImport(Glibc)
import Glibc
#endif

/// Writes to a descriptor in order, not at an offset (standard output, a pipe, a device):
/// every byte, however many `write` calls that takes, retrying when a signal interrupts.
public enum StreamWrite {
    /// Writes all of `bytes` to `descriptor`; `name` names it in the error.
    public static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, name: String) throws(FileError) {
        var done = 0
        while done < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError("write", path: name)
            }
            done += count
        }
    }
}
