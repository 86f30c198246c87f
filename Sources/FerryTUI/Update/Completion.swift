/// Applies path completions to the add dialog: one candidate replaces the text, several
/// extend it to what they share and are listed, none says so.
enum Completion {
    static func apply(_ prefix: String, _ candidates: [String], _ model: inout Model) {
        guard case .add(var field, _) = model.dialog, field.text == prefix else { return }
        guard let first = candidates.first else {
            model.message = StatusMessage("nothing matches \(prefix.isEmpty ? "here" : prefix)", isError: true)
            return
        }
        var shared = first
        for candidate in candidates.dropFirst() {
            shared = String(zip(shared, candidate).prefix { $0 == $1 }.map(\.0))
        }
        if shared.count > prefix.count { field = TextField(shared) }
        model.dialog = .add(field, choices: candidates.count > 1 ? candidates.sorted() : [])
    }
}
