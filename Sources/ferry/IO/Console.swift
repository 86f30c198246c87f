import FerryIO
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error (unbuffered, straight to fd 2; a failed write is dropped:
/// there is nowhere to say it).
func printError(_ line: String) { StandardError.write(line + "\n") }

/// Writes text to standard error with no newline (progress lines redrawn with `\r`).
func printErrorInline(_ text: String) { StandardError.write(text) }

/// Writes a line to standard output at once (unbuffered, for scripts waiting on it). A failed
/// write is said at the end (a cap written to a full disk was lost and `put` ended 0).
func printNow(_ line: String) {
    // A closed standard output sits on /dev/null (``StandardStreams``): a cap printed there
    // was lost while `put >&-` said 0 (a user test). Counted as a failed write instead.
    if StandardStreams.outputWasClosed { return _ = outputFailure.compareExchange(expected: 0, desired: EBADF, ordering: .relaxed) }
    Array((line + "\n").utf8).withUnsafeBytes { buffer in
        do throws(FileError) {
            try StreamWrite.all(buffer, to: 1, name: "standard output")
        } catch where error.errno != EPIPE {
            _ = outputFailure.compareExchange(expected: 0, desired: error.errno, ordering: .relaxed)
        } catch {}
    }
}

/// The errno of the first failed write to standard output (0: none). A closed pipe (EPIPE)
/// is not counted: a reader that has what it wanted (`| head -1`) ends a pipeline.
let outputFailure = Atomic<Int32>(0)
