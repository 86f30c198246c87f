/// Applies path completions to the add dialog's path or the get dialog's destination: one
/// candidate replaces the text, several extend it to what they share (listed in the add
/// dialog, counted in the get dialog's status line), none says so. Names that are not UTF-8
/// are not offered (`ferry put` refuses them, and text cannot hold them): how many matched
/// is said, with what to do, rather than a name with U+FFFD that names no file.
enum Completion {
    static func apply(_ prefix: String, _ candidates: [String], notUTF8: Int = 0, _ model: inout Model) {
        let field: TextField
        switch model.dialog {
        case .add(let path, _): field = path
        case .get(_, let destination, true): field = destination
        default: return
        }
        guard field.text == prefix else { return }
        // What to do differs: an upload's file can be renamed or sent as standard input; a
        // place to save to is typed afresh.
        let advice = if case .add = model.dialog {
            "which Ferry does not take (as `ferry put`): rename (convmv), or in a shell `ferry put - --name NAME < FILE`"
        } else {
            "which this field cannot hold"
        }
        let unlisted = notUTF8 == 0 ? nil : "\(notUTF8) \(notUTF8 == 1 ? "name matches that is" : "names match that are") not UTF-8, \(advice)"
        guard let first = candidates.first else {
            model.message = StatusMessage(unlisted ?? "nothing matches \(prefix.isEmpty ? "here" : prefix)", isError: true)
            return
        }
        var shared = first
        for candidate in candidates.dropFirst() {
            shared = String(zip(shared, candidate).prefix { $0 == $1 }.map(\.0))
        }
        let completed = shared.count > prefix.count ? TextField(shared) : field
        var said: [String] = []
        switch model.dialog {
        case .get(let cap, _, _):
            model.dialog = .get(cap: cap, destination: completed, onDestination: true)
            if candidates.count > 1 {
                let names = candidates.sorted().prefix(4).map { ($0.split(separator: "/").last.map(String.init) ?? "") + ($0.hasSuffix("/") ? "/" : "") }
                said.append("\(candidates.count) match: \(names.joined(separator: "  "))\(candidates.count > 4 ? "  …" : "")")
            }
        default:
            model.dialog = .add(completed, choices: candidates.count > 1 ? candidates.sorted() : [])
        }
        if let unlisted { said.append("also " + unlisted) }
        if !said.isEmpty { model.message = StatusMessage(said.joined(separator: "; ")) }
    }
}
