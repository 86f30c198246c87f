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
        case .notAnswering: ("not answering", .offline)
        case .stopped: ("stopped", .offline)
        }
        // The right side, in every form it may take from the fullest (a compact screen drops
        // its help hint, then a speed), measured with the widest speeds, so the labels on the
        // left ("helper", "agent") do not come and go as the figures change.
        let rights = right(model, layout, glyphs, up: HumanFormat.rate(model.totals.up), down: HumanFormat.rate(model.totals.down))
        // Measured as if both speeds showed while anything holds a slot: a speed shown only
        // while it moves (compact) made the label come and go with a bursty link's pauses.
        let busy = model.totals.holdingSlot > 0
        let widest = right(model, layout, glyphs, up: "9.99 MiB/s", down: "9.99 MiB/s", moving: (busy, busy)).map(Self.width)
        let showsLink = !layout.compact || !isAttached(model.agent)
        let dot = glyphs.dot
        // A helper that does not answer keeps its label, and the limit goes first: at 80
        // columns "● offline" did not say what was offline.
        let labels = model.helper == .online ? [("helper ", "agent "), ("helper ", ""), ("", "")] : [("helper ", "agent "), ("helper ", "")]
        // The storage servers between: all answering, it gives way first; some not, it stays.
        // (A bare "● 2/5" said nothing: the label stays with it.)
        let storage = model.storage.map { health in
            ["storage \(dot) \(health.figure)"] + (health.answering == health.total ? [""] : [])
        } ?? [""]
        let choice = { (labels: (helper: String, agent: String), servers: String) in
            ("\(labels.helper)\(dot) \(word)", servers, showsLink ? "\(labels.agent)\(dot) \(state)" : "")
        }
        // Servers down: they outlast the other labels.
        let choices = storage.last == "" ? labels.flatMap { pair in storage.map { choice(pair, $0) } }
            : storage.flatMap { servers in labels.map { choice($0, servers) } }
        let fits = { (parts: (String, String, String), room: Int) in
            // two spaces at least after each, before the right side
            x + [parts.0, parts.1, parts.2].filter { !$0.isEmpty }.map { DisplayWidth.of($0) + 2 }.reduce(0, +) <= room
        }
        // The fullest right side some labels leave room for, the fullest labels beside it;
        // but the compact help key and second speed only beside the word "helper", which says
        // what is online (at 40 columns the label went for the help key, at 45-51 for a
        // second speed), nor the full layout's limit (at 74-79 columns it took both labels:
        // `● online  ● attached`; a user test).
        let labelled = choices.filter { $0.0.hasPrefix("helper") }
        let form = widest.indices.first { index in
            // Compact: the help key's form and both speeds'; full: the limit's, when there is one.
            let needsLabel = layout.compact ? index <= 1 : index == 0 && widest.count > 2
            return (needsLabel ? labelled : choices).contains { fits($0, model.width - 1 - widest[index]) }
        } ?? widest.count - 1
        let room = model.width - 1 - widest[form]
        let (helper, servers, link) = choices.first { fits($0, room) } ?? choices[choices.count - 1]
        x += grid.put(helper, x: x, y: 0, role: role) + 2
        if !servers.isEmpty, let health = model.storage {
            // Green all answering; plain while uploads still find enough; red once they wait.
            x += grid.put(servers, x: x, y: 0, role: health.answering == health.total ? .online : health.uploadsWait ? .offline : .header) + 2
        }
        if !link.isEmpty { x += grid.put(link, x: x, y: 0, role: linkRole) + 2 }
        var rightX = model.width - 1 - width(rights[form])
        guard rightX >= x else { return }
        for (index, (text, role)) in rights[form].enumerated() {
            rightX += (index > 0 ? 2 : 0)
            rightX += grid.put(text, x: rightX, y: 0, role: role)
        }
    }

    /// The right side's forms, fullest first. In full: the global limit and both speeds, then
    /// the speeds alone, then nothing. Compact
    /// (no status bar below): the speeds of what moves, the failed count, the filter and the
    /// help key; narrower, without the help key, then with one speed, the failed count and
    /// filter alone (what needs the person), one speed alone, nothing.
    /// `moving`: whether each speed counts as moving (compact shows only those); the totals'
    /// speeds when nil. Every form is listed, empty or not, so the widest and the shown
    /// forms keep the same places.
    static func right(_ model: Model, _ layout: Layout, _ glyphs: Glyphs, up: String, down: String,
                      moving: (up: Bool, down: Bool)? = nil) -> [[(String, StyleRole)]] {
        guard layout.compact else {
            // Narrower, the speeds stay and the limit goes (the rate dialog still shows it):
            // between 60 and 69 columns the limit had taken both speeds with it.
            let speeds = "\(glyphs.up) \(up)  \(glyphs.down) \(down)"
            guard model.rateLimit > 0 else { return [[(speeds, .header)], []] }
            return [[("max \(HumanFormat.rate(Double(model.rateLimit)))  \(speeds)", .header)], [(speeds, .header)], []]
        }
        // In the bar's colours for bad news (the `failed` role has no background: a hole in the bar).
        let failed = model.totals.failed > 0 ? [("\(model.totals.failed) failed", StyleRole.offline)] : []
        // A speed under a byte a second reads "0 B/s": not moving. Where one speed fits, the
        // faster (at 40 columns `↑ 0 B/s` stood for a screen of downloads).
        let moves = moving ?? (model.totals.up >= 1, model.totals.down >= 1)
        let speeds = [(glyphs.up, up, model.totals.up, moves.up), (glyphs.down, down, model.totals.down, moves.down)].filter(\.3)
        let both = speeds.map { ("\($0.0) \($0.1)", StyleRole.header) }
        let fastest = speeds.max { $0.2 < $1.2 }.map { [("\($0.0) \($0.1)", StyleRole.header)] } ?? []
        // A filter hides transfers: said while it is on ("/photo"), as the status bar does.
        let filter = model.filter.isEmpty ? [] : [("/\(model.filter)", StyleRole.header)]
        let help = [("? help", StyleRole.header)]
        let kept = failed + filter
        return [both + kept + help, both + kept, fastest + kept, kept, fastest, []]
    }

    private static func width(_ parts: [(String, StyleRole)]) -> Int {
        parts.map { DisplayWidth.of($0.0) }.reduce(0, +) + 2 * max(0, parts.count - 1)
    }

    private static func isAttached(_ link: AgentLink) -> Bool {
        if case .attached = link { true } else { false }
    }
}
