import FerryCore

/// The top row: the name, whether the helper answers, a global rate limit ("max"), and the total
/// speeds up and down.
enum HeaderView {
    static func draw(_ model: Model, _ layout: Layout, _ glyphs: Glyphs, into grid: inout CellGrid) {
        grid.fill(y: 0, role: .header)
        var x = 1
        x += grid.put("Ferry", x: x, y: 0, role: .title) + 2
        let (word, role): (String, StyleRole) = switch model.helper {
        case .unknown: ("checking", .header)
        case .online: ("online", .online)
        case .offline: ("offline", .offline)
        }
        let (state, linkRole): (String, StyleRole) = switch model.agent {
        case .attaching: ("attaching", .header)
        case .attached: ("attached", .online)
        case .stopped: ("stopped", .offline)
        }
        func speeds(_ up: String, _ down: String) -> String {
            let limit = model.rateLimit > 0 ? "max \(HumanFormat.rate(Double(model.rateLimit)))  " : ""
            return layout.compact ? "? help" : "\(limit)\(glyphs.up) \(up)  \(glyphs.down) \(down)"
        }
        let right = speeds(HumanFormat.rate(model.totals.up), HumanFormat.rate(model.totals.down))
        let width = DisplayWidth.of(right)
        // The labels ("helper", "agent") are said where the row has room for them beside the
        // widest speeds (so they do not come and go as the speeds change), the agent's going
        // first. Narrow: the agent only when not attached.
        let widest = DisplayWidth.of(speeds("9.99 MiB/s", "9.99 MiB/s"))
        let showsLink = !layout.compact || !isAttached(model.agent)
        let dot = glyphs.dot
        let choices = [("helper ", "agent "), ("helper ", ""), ("", "")].map { helperLabel, agentLabel in
            ("\(helperLabel)\(dot) \(word)", showsLink ? "\(agentLabel)\(dot) \(state)" : "")
        }
        let room = model.width - 1 - max(width, widest)  // two spaces at least before the speeds
        let fits = { (pair: (String, String)) in x + DisplayWidth.of(pair.0) + 2 + (pair.1.isEmpty ? 0 : DisplayWidth.of(pair.1) + 2) <= room }
        let (helper, link) = choices.first(where: fits) ?? choices[choices.count - 1]
        x += grid.put(helper, x: x, y: 0, role: role) + 2
        if !link.isEmpty { x += grid.put(link, x: x, y: 0, role: linkRole) + 2 }
        if model.width - 1 - width >= x { grid.put(right, x: model.width - 1 - width, y: 0, role: .header) }
    }

    private static func isAttached(_ link: AgentLink) -> Bool {
        if case .attached = link { true } else { false }
    }
}
