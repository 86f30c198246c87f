import FerryTestSupport
import Foundation
import Testing

/// The deadline that keeps a hung child process from holding a test (and CI) for good.
struct ChildDeadlineTests {
    @Test func aChildPastItsDeadlineIsKilled() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["100000"]
        try Spawning.run(process)
        ChildDeadline(process, "sleep", seconds: 1).waitForExit(process)
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
    }

    /// The child ends at once, but a process it started keeps its output pipe open: the
    /// holder is found and killed, so reading the output ends.
    @Test func aPipeHeldByAnotherProcessIsLetGo() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "echo started; sleep 100000 &"]
        let out = Spawning.pipe()
        process.standardOutput = out
        try Spawning.run(process)
        let reading = out.fileHandleForReading
        let deadline = ChildDeadline(process, "sh", seconds: 1, output: reading.fileDescriptor)
        let output = reading.readDataToEndOfFile()
        deadline.waitForExit(process)
        #expect(String(decoding: output, as: UTF8.self) == "started\n")
        #expect(PipeHolders.of(reading.fileDescriptor).isEmpty)
        #expect(process.terminationStatus == 0, "the child itself ended by itself")
    }

    @Test func aChildThatEndsInTimeIsLeftAlone() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 3"]
        try Spawning.run(process)
        ChildDeadline(process, "sh", seconds: 30).waitForExit(process)
        #expect(process.terminationReason == .exit && process.terminationStatus == 3)
    }
}
