/// What a command line says of a word with one dash and more than one letter after it
/// (`ferry put *` over a file named `-leading-dash`). Ferry has no such options; the parser
/// read it as a cluster of one-letter ones, and one holding `h` printed the help and ended
/// 0 with nothing uploaded (a user test). Numbers (`--priority -10`) and what follows `--`
/// are left alone.
enum DashedWord {
    static func problem(_ arguments: [String]) -> String? {
        for word in arguments.prefix(while: { $0 != "--" }) where word.hasPrefix("-") && !word.hasPrefix("--") && word.count > 2 && Double(word) == nil {
            return "\(word) is not an option; a file whose name starts with - goes as ./\(word), or after -- (ferry put -- \(word))"
        }
        return nil
    }
}
