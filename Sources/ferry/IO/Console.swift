#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error (unbuffered, straight to fd 2).
func printError(_ line: String) {
    let text = Array((line + "\n").utf8)
    text.withUnsafeBytes { buffer in
        var done = 0
        while done < buffer.count {
            let count = write(2, buffer.baseAddress! + done, buffer.count - done)
            if count < 0 { if errno == EINTR { continue }; return }
            done += count
        }
    }
}
