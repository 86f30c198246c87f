import FerryClient

/// The storage servers of a transfer on one line: a level glyph per server (how much of its
/// shares it holds; coloured done, working or replaced) and a count, or, where totals are
/// unknown (a download reads only what it lacks), the servers and shares read from.
enum ServerMeter {
    static func parts(_ detail: TransferDetail, upload: Bool, width: Int, glyphs: Glyphs) -> [(String, StyleRole)] {
        let servers = detail.servers
        guard !servers.isEmpty else { return [] }
        let replaced = servers.filter { $0.state == .replaced }.count
        let aside = replaced > 0 ? " \(glyphs.middot) \(replaced) replaced" : ""
        guard servers.allSatisfy({ $0.fraction != nil }) else {
            let shares = Set(servers.filter { $0.state != .replaced }.flatMap(\.shares)).sorted()
            let names = servers.filter { $0.state != .replaced }.map(\.name)
            let count = "\(names.count) server\(names.count == 1 ? "" : "s")"
            let held = " \(glyphs.middot) shares \(shares.map(String.init).joined(separator: " "))\(aside)"
            // The names get what the line leaves, cut with an ellipsis (a fixed share of the
            // width let the line's own end cut them mid-address).
            let room = width - DisplayWidth.of("from  " + count + held) - 3
            let listed = room >= 8 ? [(" \(glyphs.middot) \(Truncate.end(names.joined(separator: ", "), room, ellipsis: glyphs.ellipsis))", StyleRole.muted)] : []
            return [("from  ", .muted), (count, .normal), (held, .normal)] + listed
        }
        var parts: [(String, StyleRole)] = [(upload ? "push  " : "from  ", .muted)]
        let levels = glyphs.spark.count
        for server in servers.prefix(max(1, width / 2)) {
            let level = min(levels - 1, Int(((server.fraction ?? 0) * Double(levels - 1)).rounded(.down)))
            let role: StyleRole = switch server.state {
            case .done: .done
            case .replaced: .failed
            case .working: .accent
            }
            parts.append((server.state == .done ? glyphs.spark[levels - 1] : glyphs.spark[level], role))
        }
        let stored = servers.filter { $0.state == .done }.count
        parts.append(("  \(stored) of \(servers.count) servers stored\(aside)", .normal))
        return parts
    }
}
