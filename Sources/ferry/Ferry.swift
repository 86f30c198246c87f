import ArgumentParser
import Foundation

/// The `ferry` command: the one composition root of the program.
@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "A transfer manager for Tahoe-LAFS-style storage grids.",
        version: AgentAccess.software,
        subcommands: [Screen.self, Put.self, Get.self, List.self, Log.self, Pause.self, Resume.self, Remove.self, Agent.self, Grid.self, Debug.self, Storage.self, Helper.self],
        defaultSubcommand: Screen.self
    )

    /// Usage errors begin as Ferry's own do, `error:` (ArgumentParser's "Error:" stood beside
    /// `error: code: …` from everything else; a docs audit took it for a stray message).
    static var _errorPrefix: String { "error: " }

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // A word that names no command went to the default one, the screen, whose usage then
        // answered `ferry bogus` (and `ferry FILE` as if the screen took files).
        if let word = arguments.first, let problem = UnknownCommand.problem(word, known: configuration.subcommands.map { $0._commandName } + ["help"]) {
            exit(withError: ValidationError(problem))
        }
        if let problem = DashedWord.problem(arguments) { exit(withError: ValidationError(problem)) }
        // Swift gives arguments as text, any byte that is not UTF-8 replaced by U+FFFD: a name
        // in Latin-1 was looked for under another name (put: file.not_found), or written under
        // one (get -o). Said as it is instead.
        for index in 1..<Int(CommandLine.argc) where CommandLine.unsafeArgv[index].map({ String(validatingCString: $0) == nil }) ?? false {
            exit(withError: ValidationError("\(CommandLine.arguments[index]) is not valid UTF-8; Ferry takes names in UTF-8: rename the file "
                                            + "(convmv), or upload it as `ferry put - --name NAME < FILE`"))
        }
        await main(arguments)
        let failed = outputFailure.load(ordering: .relaxed)
        guard failed == 0 else {
            // Caps are what a put or resume prints; `ls > /dev/full` was pointed to `ls` itself.
            let caps = ["put", "resume"].contains(arguments.first ?? "") ? "; finished uploads keep their caps in the journal (`ferry ls`)" : ""
            let why = failed == EBADF ? "standard output is closed" : "standard output could not be written (\(String(cString: strerror(failed))))"
            printError("error: output.unwritable: \(why)\(caps)")
            Foundation.exit(74)
        }
    }
}
