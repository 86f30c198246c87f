import FerryIO
import Foundation
import Testing

/// A line for standard error whose write fails (a closed terminal: ssh gone, `tmux
/// kill-session`) is dropped. `FileHandle.write` trapped there: the screen crashed on its
/// goodbye line, and the crash report held the process alive for seconds (a user test).
struct StandardErrorTests {
    @Test func aFailedWriteIsDroppedNotFatal() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-stderr-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let readOnly = open(path, O_RDONLY)
        #expect(readOnly >= 0)
        defer { close(readOnly) }
        StandardError.write("ferry: the background agent goes on with 1 transfer\n", descriptor: readOnly)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "x", "nothing written, and the process goes on")
    }
}
