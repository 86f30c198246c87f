import FerryTestSupport
import Foundation
import Testing

/// Every command's `--help`, compared with the text kept in `Tests/Fixtures/help/`: a
/// change to the help shows in review. `FERRY_UPDATE_GOLDEN=1` rewrites the files.
struct HelpGoldenTests {
    static let commands: [[String]] = [
        [], ["screen"], ["put"], ["get"], ["ls"], ["log"], ["pause"], ["resume"], ["rm"], ["agent"], ["agent", "start"], ["agent", "stop"],
        ["agent", "status"], ["agent", "run"], ["grid"], ["grid", "start"], ["grid", "stop"], ["grid", "status"],
        ["storage"], ["storage", "serve"], ["storage", "version"], ["storage", "ls"], ["helper"], ["helper", "serve"],
        ["debug"], ["debug", "encode"], ["debug", "decode"], ["debug", "proxy"],
    ]

    static let directory = TahoePython.repositoryRoot + "/Tests/Fixtures/help"

    @Test(arguments: commands) func helpMatchesTheGoldenText(_ command: [String]) async throws {
        let run = try await FerryProcess.run(command + ["--help"], environment: ["COLUMNS": "100"])
        #expect(run.status == 0, "\(run.stderr)")
        let file = Self.directory + "/" + (["ferry"] + command).joined(separator: "-") + ".txt"
        if ProcessInfo.processInfo.environment["FERRY_UPDATE_GOLDEN"] == "1" {
            try run.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: file, encoding: .utf8)
        #expect(run.stdout == golden, "ferry \(command.joined(separator: " ")) --help changed; FERRY_UPDATE_GOLDEN=1 rewrites \(file)")
    }

    /// A word that names no command is said to be one, with the root's usage; a file or a cap
    /// gets the command meant. The screen (the default command) answered with its own usage.
    @Test func aWordThatIsNoCommandIsSaidToBeNone() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-not-a-command-\(getpid())").path
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        for (word, said) in [("bogus", "error: 'bogus' is not a command\nUsage: ferry <subcommand>"),
                             (file, "error: '\(file)' is not a command; to upload it: ferry put \(file)\n"),
                             ("URI:CHK:abc", "'URI:CHK:abc' is not a command; to download it: ferry get CAP -o PATH")] {
            let run = try await FerryProcess.run([word])
            #expect(run.status == 64 && run.stderr.contains(said), "ferry \(word): \(run.status) \(run.stderr)")
        }
        let help = try await FerryProcess.run(["help", "put"])
        #expect(help.status == 0 && help.stdout.contains("Upload files"), "\(help.stderr)")
    }
}
