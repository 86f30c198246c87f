import FerryTestSupport
import Foundation
import Testing

/// Every command's `--help`, compared with the text kept in `Tests/Fixtures/help/`: a
/// change to the help shows in review. `FERRY_UPDATE_GOLDEN=1` rewrites the files.
struct HelpGoldenTests {
    static let commands: [[String]] = [
        [], ["screen"], ["put"], ["get"], ["ls"], ["pause"], ["resume"], ["rm"], ["agent"], ["agent", "start"], ["agent", "stop"],
        ["agent", "status"], ["agent", "run"], ["grid"], ["grid", "start"], ["grid", "stop"], ["grid", "status"],
        ["storage"], ["storage", "serve"], ["storage", "version"], ["storage", "ls"], ["helper"], ["helper", "serve"],
        ["debug"], ["debug", "encode"], ["debug", "decode"],
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
}
