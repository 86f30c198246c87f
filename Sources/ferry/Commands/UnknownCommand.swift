import Foundation

/// What `ferry WORD` says when WORD names no command: the screen (the default command) takes
/// no words. A cap or a file was most likely meant for `get` or `put`.
enum UnknownCommand {
    static func problem(_ word: String, known: [String]) -> String? {
        guard !word.hasPrefix("-"), !known.contains(word) else { return nil }
        if word.hasPrefix("URI:") { return "'\(word)' is not a command; to download it: ferry get CAP -o PATH" }
        if FileManager.default.fileExists(atPath: word) { return "'\(word)' is not a command; to upload it: ferry put \(word)" }
        return "'\(word)' is not a command"
    }
}
