import FerryClient
import Foundation
import Testing

/// A process Ferry starts (an agent, a grid node) is waited for once it ends: it used to
/// stay a zombie of the starter for the starter's life.
struct DetachedProcessTests {
    @Test func aStartedProcessThatEndsLeavesNoZombie() async throws {
        let log = NSTemporaryDirectory() + "ferry-detached-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pid = try DetachedProcess.spawn("/bin/true", [], log: log)
        var state = "running"
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(50))
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { state = "gone"; break }
            state = stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "?"
        }
        #expect(state == "gone", "pid \(pid) is still there, state \(state) (Z: a zombie)")
    }
}
