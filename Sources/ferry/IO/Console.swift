import FerryIO
#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error (unbuffered, straight to fd 2).
func printError(_ line: String) { writeLine(line, to: 2) }

/// Writes text to standard error with no newline (progress lines redrawn with `\r`).
func printErrorInline(_ text: String) { writeText(text, to: 2) }

/// Writes a line to standard output at once (unbuffered, for scripts waiting on it).
func printNow(_ line: String) { writeLine(line, to: 1) }

private func writeLine(_ line: String, to descriptor: Int32) { writeText(line + "\n", to: descriptor) }

private func writeText(_ string: String, to descriptor: Int32) {
    let text = Array(string.utf8)
    text.withUnsafeBytes { buffer in try? StreamWrite.all(buffer, to: descriptor, name: "") }  // nowhere to say it failed
}
