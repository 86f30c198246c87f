import FerryIO
import Synchronization
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
    text.withUnsafeBytes { buffer in
        do throws(FileError) {
            try StreamWrite.all(buffer, to: descriptor, name: "")
        } catch {
            // Standard error: nowhere to say it. Standard output: said at the end (a cap
            // written to a full disk was lost and `put` ended 0).
            if descriptor == 1, error.errno != EPIPE { _ = outputFailure.compareExchange(expected: 0, desired: error.errno, ordering: .relaxed) }
        }
    }
}

/// The errno of the first failed write to standard output (0: none). A closed pipe (EPIPE)
/// is not counted: a reader that has what it wanted (`| head -1`) ends a pipeline.
let outputFailure = Atomic<Int32>(0)
