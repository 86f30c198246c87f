import Foundation

/// Ends the process from a signal's handler while its other threads still run. `exit` flushes
/// standard output (a cap printed to a pipe stays in its buffer until then) and runs the exit
/// handlers; either can wait on a lock another thread holds, or on a reader that stopped
/// reading, and a Ctrl-C must never leave the process hanging: if `exit` has not ended it
/// within two seconds, `_exit` does (the journal and the other side already keep what was
/// done, as after kill -9).
enum PromptExit {
    static func now(_ status: Int32) -> Never {
        Thread.detachNewThread {
            usleep(2_000_000)
            _exit(status)
        }
        exit(status)
    }
}
