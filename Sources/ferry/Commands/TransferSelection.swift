import ArgumentParser
import FerryClient

/// The transfers a command acts on: ids, or `--all`.
struct TransferSelection: ParsableArguments {
    @Argument(help: "Transfer ids (see ferry ls).") var ids: [Int64] = []
    @Flag(name: .long, help: "Every transfer.") var all = false

    func validate() throws {
        if ids.isEmpty == !all { throw ValidationError("give transfer ids or --all") }
    }

    /// The chosen entries; an unknown id is an error.
    func entries(_ journal: Journal) throws -> [JournalEntry] {
        let entries = try journal.all()
        if all { return entries }
        try Self.requireKnown(ids, in: entries)
        return entries.filter { ids.contains($0.id) }
    }

    /// Throws `transfer.unknown` for the first of `ids` not among `entries`.
    static func requireKnown(_ ids: [Int64], in entries: [JournalEntry]) throws {
        for id in ids where !entries.contains(where: { $0.id == id }) {
            throw TransferError.file(code: "transfer.unknown", message: "no transfer \(id) (see ferry ls)")
        }
    }
}
