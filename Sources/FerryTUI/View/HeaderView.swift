import FerryCore

/// The top row: the name, whether the helper answers, a global rate limit, and the total
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
        // Labels go below 80 columns (then below 100 for the agent's) so the speeds keep their room.
        let helper = model.width < 80 ? "\(glyphs.dot) \(word)" : "helper \(glyphs.dot) \(word)"
        x += grid.put(helper, x: x, y: 0, role: role) + 2
        let (state, linkRole): (String, StyleRole) = switch model.agent {
        case .attaching: ("attaching", .header)
        case .attached: ("attached", .online)
        case .stopped: ("stopped", .offline)
        }
        let link = model.width < 100 ? "\(glyphs.dot) \(state)" : "agent \(glyphs.dot) \(state)"
        if !layout.compact || !isAttached(model.agent) {  // narrow: said only when not attached
            x += grid.put(link, x: x, y: 0, role: linkRole) + 2
        }
        let (up, down) = (model.totals.up, model.totals.down)
        var right = "\(glyphs.up) \(HumanFormat.rate(up))  \(glyphs.down) \(HumanFormat.rate(down))"
        if model.rateLimit > 0, !layout.compact { right = "limit \(HumanFormat.rate(Double(model.rateLimit)))  " + right }
        if layout.compact { right = "? help" }
        let width = DisplayWidth.of(right)
        if model.width - 1 - width > x { grid.put(right, x: model.width - 1 - width, y: 0, role: .header) }
    }

    private static func isAttached(_ link: AgentLink) -> Bool {
        if case .attached = link { true } else { false }
    }
}
