import Foundation
import Synchronization

/// Starts child processes in a test process where many tests start them at once.
///
/// Foundation's `Process` on Linux closes the parent's descriptors in the child only up to
/// the highest one open when it looked, and its pipes (and the socket through which it
/// watches a child end) are inheritable: a child started just as another test made a pipe
/// could keep that test's pipe open, and the other test's read of its own child's output,
/// or its wait for that child, then lasted as long as the stranger did. Here pipes are made
/// close-on-exec (a `Process` still puts them where it is told to) and one start runs at a
/// time, so no socket is made while another start looks.
public enum Spawning {
    private static let starting = Mutex(())

    /// A pipe whose ends no child inherits except where a `Process` is given them.
    public static func pipe() -> Pipe {
        let pipe = Pipe()
        for end in [pipe.fileHandleForReading.fileDescriptor, pipe.fileHandleForWriting.fileDescriptor] {
            _ = fcntl(end, F_SETFD, fcntl(end, F_GETFD) | FD_CLOEXEC)
        }
        return pipe
    }

    /// Starts `process`, one start at a time in this process.
    public static func run(_ process: Process) throws {
        try starting.withLock { _ in try process.run() }
    }

    /// Waits for `process` to end, polling: `Process.waitUntilExit` spins a run loop at full
    /// CPU on a thread that has none.
    public static func waitForExit(_ process: Process) {
        while process.isRunning { usleep(10_000) }
    }
}
