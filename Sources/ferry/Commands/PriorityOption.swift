import ArgumentParser

/// `--priority N` of `put` and `get`: where transfers wait for a free slot, a higher priority
/// starts first (a small download need not wait behind a long upload queue).
struct PriorityOption: ParsableArguments {
    @Option(name: .customLong("priority"), parsing: .unconditional, help: ArgumentHelp("Start before waiting transfers of lower priority (negative: after them).", valueName: "n"))
    var value: Int = 0
}
