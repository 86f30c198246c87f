import Foundation

/// Completes a path being typed: the entries of its directory that start with its last
/// part (hidden ones only when that part starts with a dot), directories with a `/`.
/// `~` stays as typed.
enum PathCompletion {
    /// What `~` stands for: `$HOME`, as in the shell (the password file's entry can differ).
    static var home: String {
        ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    /// The paths that complete `prefix`, and how many more entries would match but have a
    /// name that is not UTF-8: a field of text cannot hold them (Foundation's listing gave
    /// them with U+FFFD in place of the bad bytes, a path that names no file).
    static func candidates(_ prefix: String, home: String = PathCompletion.home) -> (paths: [String], notUTF8: Int) {
        let expanded = prefix.hasPrefix("~") ? home + prefix.dropFirst() : prefix
        let slash = expanded.lastIndex(of: "/")
        let directory = slash.map { String(expanded[...$0]) } ?? "./"
        let stem = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
        let typedDirectory = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
        guard let listing = DirectoryNames(directory, matching: stem) else { return ([], 0) }
        let paths = listing.names.sorted().prefix(200).map { name in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory + name, isDirectory: &isDirectory)
            return typedDirectory + name + (isDirectory.boolValue ? "/" : "")
        }
        return (paths, listing.notUTF8)
    }
}
