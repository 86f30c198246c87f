import Foundation

/// The other processes that hold a pipe open, found through /proc: a pipe's reader sees its
/// end only once every copy of the writing end is closed, wherever a fork put one.
public enum PipeHolders {
    public struct Holder: Sendable {
        public let pid: Int32
        public let command: String
    }

    /// Processes other than this one with a descriptor on the pipe `descriptor` is an end of.
    public static func of(_ descriptor: Int32) -> [Holder] {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return [] }
        let target = "pipe:[\(status.st_ino)]"
        let own = getpid()
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return processes.compactMap { name -> Holder? in
            guard let pid = Int32(name), pid != own else { return nil }
            let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(name)/fd")) ?? []
            let holds = descriptors.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(name)/fd/\($0)")) == target }
            guard holds else { return nil }
            let command = (try? String(contentsOfFile: "/proc/\(name)/cmdline", encoding: .utf8))?.replacingOccurrences(of: "\0", with: " ") ?? "?"
            return Holder(pid: pid, command: command)
        }
    }
}
