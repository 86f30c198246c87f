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

/// Lines for standard error that never stop the process: `FileHandle.write` traps when the
/// write fails, and a closed terminal (ssh gone, `tmux kill-session`) made the screen crash
/// on its goodbye line (the crash report held it alive for seconds), as it would a node's
/// log line.
public enum StandardError {
    /// Writes `text` to standard error (`descriptor`, for tests); a failure is dropped.
    public static func write(_ text: String, descriptor: Int32 = 2) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in try? StreamWrite.all(buffer, to: descriptor, name: "standard error") }
    }
}
