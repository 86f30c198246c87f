import ArgumentParser

/// `ferry debug …`: tools that run Ferry's building blocks by hand.
struct Debug: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Ferry's file format by hand on local files, or put a slow link in front of a server.",
        subcommands: [DebugEncode.self, DebugDecode.self, DebugProxy.self]
    )
}
