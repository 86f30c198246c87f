#if canImport(Glibc)
import Glibc
#endif

/// The files a shell pattern (`~/videos/*.mkv`, `logs/2026-1?-*`) names, for the add
/// dialog: the screen has no shell to expand it (a user test wanted many files at once).
enum FileGlob {
    /// Whether `path` has a pattern character in it.
    static func isPattern(_ path: String) -> Bool {
        path.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// `typed` as a pattern from `/`: `~` and a relative start become the home or current
    /// directory with their own pattern characters escaped (a current directory such as
    /// `[2019] Album` made `*.flac` match nothing).
    static func pattern(_ typed: String, home: String, current: String) -> String {
        if typed.hasPrefix("/") { return typed }
        if typed == "~" || typed.hasPrefix("~/") { return escaped(home) + typed.dropFirst() }
        return escaped(current) + (current.hasSuffix("/") ? "" : "/") + typed
    }

    /// `text` with glob's special characters taken literally.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\*?[".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// The paths `pattern` matches, sorted, and how many more matched with a name that is
    /// not UTF-8 (Ferry takes names in UTF-8).
    static func matches(_ pattern: String) -> (paths: [String], notUTF8: Int) {
        var found = glob_t()
        defer { globfree(&found) }
        guard glob(pattern, 0, nil, &found) == 0 else { return ([], 0) }
        var paths: [String] = [], notUTF8 = 0
        for index in 0..<Int(found.gl_pathc) {
            guard let raw = found.gl_pathv[index] else { continue }
            let bytes = UnsafeRawBufferPointer(start: raw, count: strlen(raw))
            if let path = String(validating: bytes, as: UTF8.self) { paths.append(path) } else { notUTF8 += 1 }
        }
        return (paths.sorted(), notUTF8)
    }
}
