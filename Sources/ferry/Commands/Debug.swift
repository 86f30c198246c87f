import ArgumentParser

/// `ferry debug …`: tools that run Ferry's building blocks on local files.
struct Debug: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Ferry's file format by hand on local files.",
        subcommands: [DebugEncode.self, DebugDecode.self]
    )
}
