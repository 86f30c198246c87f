import Foundation

/// Completes a path being typed: the entries of its directory that start with its last
/// part (hidden ones only when that part starts with a dot), directories with a `/`.
/// `~` stays as typed.
enum PathCompletion {
    /// What `~` stands for: `$HOME`, as in the shell (the password file's entry can differ).
    static var home: String {
        ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    static func candidates(_ prefix: String, home: String = PathCompletion.home) -> [String] {
        let expanded = prefix.hasPrefix("~") ? home + prefix.dropFirst() : prefix
        let slash = expanded.lastIndex(of: "/")
        let directory = slash.map { String(expanded[...$0]) } ?? "./"
        let stem = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
        let typedDirectory = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().prefix(200).map { name in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory + name, isDirectory: &isDirectory)
            return typedDirectory + name + (isDirectory.boolValue ? "/" : "")
        }
    }
}
