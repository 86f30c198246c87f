import Foundation
import Synchronization

/// A deadline for a child process a test waits on. A child that hangs (or a pipe another
/// process keeps open, so its output never ends) would hold the test, and the whole test
/// process, until CI's hard limit with nothing said. Past the deadline this prints, on
/// standard error gdb's view of the child's threads and which other processes still hold
/// its output pipe, then kills them all with SIGKILL, so the wait ends and the test fails on
/// what it sees.
public final class ChildDeadline: Sendable {
    private struct Child: @unchecked Sendable { let process: Process }

    private let over = Atomic(false)

    /// Watches `process` (already started) from a thread of its own; `output` is the reading
    /// end of its standard output pipe, if the test reads that to its end.
    public init(_ process: Process, _ what: String, seconds: Double, output: Int32? = nil) {
        let child = Child(process: process)
        Thread.detachNewThread { [self] in
            let deadline = Date().addingTimeInterval(seconds)
            while !over.load(ordering: .acquiring) {
                if Date() > deadline {
                    Self.expire(child.process, what, seconds: seconds, output: output)
                    return
                }
                usleep(100_000)
            }
        }
    }

    /// Waits for the child to end (``Spawning/waitForExit(_:)``), then stops the watch.
    public func waitForExit(_ process: Process) {
        Spawning.waitForExit(process)
        over.store(true, ordering: .releasing)
    }

    private static func expire(_ process: Process, _ what: String, seconds: Double, output: Int32?) {
        let pid = process.processIdentifier
        var report = "ChildDeadline: \(what) (pid \(pid)) still held its test after \(Int(seconds)) s"
        if isAlive(pid) {
            report += "; its threads:\n" + threads(of: pid)
            kill(pid, SIGKILL)
        } else {
            report += "; it has ended"
        }
        // A process the child started may keep its output pipe open (and, as Foundation
        // watches a child through a socket it inherits, keep it "running" for Process).
        if let output, case let holders = PipeHolders.of(output).filter({ $0.pid != pid }), !holders.isEmpty {
            report += "\nits output pipe was still open in: " + holders.map { "\($0.pid) \($0.command)" }.joined(separator: ", ")
            for holder in holders { kill(holder.pid, SIGKILL) }
        }
        FileHandle.standardError.write(Data((report + "\n").utf8))
    }

    /// Whether `pid` runs (a zombie, ended but not yet reaped, does not).
    private static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].dropFirst(2).hasPrefix("Z")
    }

    /// gdb's backtrace of every thread of `pid`, demangled.
    public static func threads(of pid: Int32) -> String {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "gdb -p \(pid) -batch -ex 'thread apply all bt 30' 2>&1 | (swift demangle --simplified 2>/dev/null || cat)"]
        let out = Spawning.pipe()
        shell.standardOutput = out
        shell.standardError = FileHandle.nullDevice
        guard (try? Spawning.run(shell)) != nil else { return "(gdb did not start)" }
        let text = out.fileHandleForReading.readDataToEndOfFile()
        Spawning.waitForExit(shell)
        return String(decoding: text, as: UTF8.self)
    }
}
