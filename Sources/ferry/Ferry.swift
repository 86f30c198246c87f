import ArgumentParser

/// The `ferry` command: the one composition root of the program.
@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "A transfer manager for Tahoe-LAFS-style storage grids.",
        version: AgentAccess.software,
        subcommands: [Screen.self, Put.self, Get.self, List.self, Pause.self, Resume.self, Remove.self, Agent.self, Grid.self, Debug.self, Storage.self, Helper.self],
        defaultSubcommand: Screen.self
    )
}
