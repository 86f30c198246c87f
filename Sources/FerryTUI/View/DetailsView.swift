import FerryClient
import FerryCore

/// The selected transfer in full: what and where, sizes, the cap, the storage index and
/// what the other side holds, the storage servers' parts, the speed over the last minute,
/// and its recent events, newest first. Below the first line it scrolls.
enum DetailsView {
    static func draw(_ model: Model, _ layout: Layout, _ glyphs: Glyphs, into grid: inout CellGrid) {
        let top = layout.detailsSeparator
        var title = model.focus == .details ? " details " : ""
        if layout.detailsReplaceList, let key = model.keyMap.keys(for: .switchPane).first?.label(unicode: model.unicode) {
            title = " details \(glyphs.middot) \(key) list "  // where the list went
        }
        separator(title, y: top, model.width, glyphs, into: &grid)
        separator("", y: top + layout.detailsHeight + 1, model.width, glyphs, into: &grid)
        let lines = Self.lines(model, glyphs)
        // The first line stays; the rest scrolls.
        let shown = lines.prefix(1) + lines.dropFirst().dropFirst(model.detailsTop)
        for (row, parts) in shown.prefix(layout.detailsHeight).enumerated() {
            var x = 1
            for (text, role) in parts { x += grid.put(text, x: x, y: top + 1 + row, role: role, limit: model.width - 1 - x) }
        }
    }

    /// Every line of the selected transfer's details, before scrolling.
    static func lines(_ model: Model, _ glyphs: Glyphs) -> [[(String, StyleRole)]] {
        guard let transfer = model.selectedTransfer else { return [] }
        var lines: [[(String, StyleRole)]] = []
        let upload = TransferRow.isUpload(transfer)
        let state = model.stateText(transfer)
        // A file small enough to live in its cap (URI:LIT:) went to no helper and comes from no grid.
        let literal = transfer.entry.cap?.hasPrefix("URI:LIT:") == true
        var kind = literal ? "  kept in its cap" : upload ? "  upload via the helper" : "  download from the grid"
        let dot = "  \(glyphs.middot) "
        // The name gives way to what the transfer is and its state; in a narrow window, what
        // it is is said shorter, so the state is never cut.
        if model.width - 2 - DisplayWidth.of(kind + dot + state) < 12 { kind = upload ? "  upload" : "  download" }
        let room = model.width - 2 - DisplayWidth.of(kind + dot + state)
        lines.append([(Truncate.middle(TransferRow.name(of: transfer), max(8, room), ellipsis: glyphs.ellipsis), .accent), (kind, .muted),
                      (dot, .muted), (state, TransferRow.role(transfer.state))])
        lines.append([(sizes(transfer, glyphs, width: model.width - 2), .normal)])
        switch transfer.entry.request {
        case .upload(let path) where model.standardInputSpools.map(path.hasPrefix) == true:
            let kept = transfer.state == .done ? [] : [(" kept in ", StyleRole.muted), (Truncate.middle(path, max(0, model.width - 36), ellipsis: glyphs.ellipsis), .muted)]
            lines.append([("from ", .muted), ("standard input", .normal)] + kept)
        case .upload(let path): lines.append([("from ", .muted), (Truncate.middle(path, model.width - 8, ellipsis: glyphs.ellipsis), .normal)])
        case .download(_, let destination): lines.append([("to ", .muted), (Truncate.middle(destination, model.width - 6, ellipsis: glyphs.ellipsis), .normal)])
        }
        // Messages and events wrap under their text (the pane scrolls) rather than being cut.
        func wrapped(_ label: String, _ role: StyleRole, _ text: String) {
            let indent = DisplayWidth.of(label)
            for (index, piece) in LineWrap.words(text, width: model.width - 2 - indent).enumerated() {
                lines.append([(index == 0 ? label : String(repeating: " ", count: indent), role), (piece, .normal)])
            }
        }
        switch transfer.state {
        case .failed(let code, let message): wrapped("failed: ", .failed, "\(message) (\(code))")
        case .retrying(_, let code, let message): wrapped("retrying: ", .retrying, "\(message) (\(code))")
        default: break
        }
        if let cap = transfer.entry.cap {
            let key = model.keyMap.keys(for: .copyCap).first?.label(unicode: model.unicode) ?? ""
            lines.append([("cap ", .muted), (Truncate.end(cap, model.width - 16, ellipsis: glyphs.ellipsis), .normal), ("  \(key) copies", .muted)])
        }
        var detail = transfer.detail
        if upload, transfer.state == .done, detail.segmentsEncoded != detail.segmentCount {
            // Done, but its push was not seen to the end (the helper finished it while the
            // upload was paused or between runs): the figures are from the middle of it.
            (detail.segmentsEncoded, detail.segmentCount, detail.servers) = (nil, nil, [])
        }
        if let index = detail.storageIndex {
            // Figures in order of interest, as many as leave the index 12 columns.
            var rest = ""
            // Sure only once the helper took every byte: an upload cut or paused mid-request
            // may have got more in than the helper last said ("helper has 94.7 MiB" beside
            // 163 MiB sent).
            let sending = transfer.state != .done && ["", "keying", "asking", "waiting", "hashing", "sending"].contains(transfer.entry.phase)
            for part in offsets(detail, upload: upload, sending: sending) where DisplayWidth.of(rest + part) + 3 + 3 + 12 <= model.width - 2 {
                rest += " \(glyphs.middot) \(part)"
            }
            let room = model.width - 2 - 3 - DisplayWidth.of(rest)
            lines.append([("SI ", .muted), (Truncate.middle(index, room, ellipsis: glyphs.ellipsis), .normal), (rest, .muted)])
        }
        let servers = ServerMeter.parts(detail, upload: upload, width: model.width - 2, glyphs: glyphs)
        if !servers.isEmpty { lines.append(servers) }
        // A transfer not seen moving here (finished, or waiting, before this screen opened)
        // has no speed to show: "now 0 B/s · avg 0 B/s" under a done download said nothing true.
        if transfer.state == .active || transfer.history.contains(where: { $0 > 0 }) { lines.append(speed(transfer, model.width, glyphs)) }
        for line in (model.log[transfer.id] ?? []).reversed() {
            wrapped(clock(line.time + Double(model.utcOffset)) + "  ", .muted, line.text)
        }
        return lines
    }

    /// The furthest the pane scrolls: the last line at its bottom.
    static func lastTop(_ model: Model, _ glyphs: Glyphs) -> Int {
        let height = Layout(model).detailsHeight
        return max(0, lines(model, glyphs).count - height)
    }

    /// Each line's text, its styles left out.
    static func texts(_ model: Model, _ glyphs: Glyphs) -> [String] {
        lines(model, glyphs).map { $0.map(\.0).joined() }
    }

    /// "helper has 4.20 GiB", "21/35 segments encoded", "k/happy/N 3/7/10", "segments 1 MiB";
    /// "296 MiB written", "k/N 3/10" for a download.
    private static func offsets(_ detail: TransferDetail, upload: Bool, sending: Bool) -> [String] {
        var parts: [String] = []
        if let confirmed = detail.confirmed {
            // The helper's offset is learnt on asking and when a request ends: 0 says nothing
            // yet, and while a request sends, the helper holds at least what it said at its start.
            if !upload || confirmed > 0 {
                let has = sending ? "helper has at least" : "helper has"
                parts.append(upload ? "\(has) \(HumanFormat.bytes(confirmed))" : "\(HumanFormat.bytes(confirmed)) written")
            }
        }
        if let encoded = detail.segmentsEncoded, let count = detail.segmentCount {
            parts.append("\(encoded)/\(count) segments encoded")
        }
        if let encoding = detail.encoding {
            parts.append(encoding.happy > 0 ? "k/happy/N \(encoding.needed)/\(encoding.happy)/\(encoding.total)"
                : "k/N \(encoding.needed)/\(encoding.total)")
            if encoding.maxSegmentSize > 0 { parts.append("segments \(HumanFormat.bytes(UInt64(encoding.maxSegmentSize)))") }
        }
        return parts
    }

    private static func separator(_ title: String, y: Int, _ width: Int, _ glyphs: Glyphs, into grid: inout CellGrid) {
        grid.put(String(repeating: glyphs.horizontal, count: width), x: 0, y: y, role: .border)
        if !title.isEmpty { grid.put(title, x: 2, y: y, role: .accent) }
    }

    /// The figures line: whole figures only, as many as fit `width` (it was cut mid-word,
    /// "5.02 MiB r", at 80 columns).
    private static func sizes(_ transfer: TransferSnapshot, _ glyphs: Glyphs, width: Int) -> String {
        let entry = transfer.entry
        var parts: [String] = []
        if transfer.state == .done {
            // The file's size, however it ended: an upload's last phase counted shares, and one
            // restored from the journal has no live detail (it read "4.77 MiB of 4.77 MiB").
            let size = TransferRow.isUpload(transfer) ? transfer.detail.confirmed ?? entry.total : entry.total
            if size > 0 { parts.append(HumanFormat.bytes(size)) }
        } else if entry.total > 0, entry.phase.isEmpty, entry.done == 0 {
            parts.append(HumanFormat.bytes(entry.total))  // not started yet: the file's size, known when it was added
        } else if entry.total > 0 {
            // The current phase's bytes, named: "pushing 120 MiB of 191 MiB" is of the shares.
            // A failed one too: where it stopped ("334 MiB of 334 MiB" of a 100 MiB file was the push's).
            let named = switch transfer.state {
            case .active, .paused, .retrying, .failed: !entry.phase.isEmpty
            default: false
            }
            let phase = named ? TransferRow.phaseWord(entry.phase, upload: TransferRow.isUpload(transfer)) + " " : ""
            parts.append("\(phase)\(HumanFormat.bytes(entry.done)) of \(HumanFormat.bytes(entry.total))")
        }
        if entry.priority != 0 { parts.append("priority \(entry.priority)") }
        if entry.rateLimit > 0 { parts.append("limit \(HumanFormat.rate(Double(entry.rateLimit)))") }
        let detail = transfer.detail
        if detail.retries > 0 { parts.append("retried \(detail.retries)\(glyphs.unicode ? "×" : "x")") }
        if detail.resent > 0 { parts.append("\(HumanFormat.bytes(detail.resent)) re-sent") }
        // Last where the list's first column shows it too; first where the list has no id
        // column (under 78 columns), as `ferry pause ID` needs it (it fell off at 40).
        if width + 2 >= 78 { parts.append("id \(entry.id)") } else { parts.insert("id \(entry.id)", at: 0) }
        var line = ""
        for part in parts {
            let next = line.isEmpty ? part : line + " \(glyphs.middot) " + part
            guard DisplayWidth.of(next) <= width else { break }
            line = next
        }
        return line.isEmpty ? Truncate.end(parts.first ?? "", width, ellipsis: glyphs.ellipsis) : line
    }

    private static func speed(_ transfer: TransferSnapshot, _ width: Int, _ glyphs: Glyphs) -> [(String, StyleRole)] {
        let moving = transfer.history.filter { $0 > 0 }
        let average = moving.isEmpty ? 0 : moving.reduce(0, +) / Double(moving.count)
        var figures = "  now \(HumanFormat.rate(transfer.speed)) \(glyphs.middot) avg \(HumanFormat.rate(average))"
        if 6 + DisplayWidth.of(figures) > width - 2 { figures = "  now \(HumanFormat.rate(transfer.speed))" }  // never cut in a unit
        let spark = Sparkline.render(transfer.history, width: max(0, min(30, width - 8 - figures.count)), glyphs: glyphs)
        return [("speed ", .muted), (spark, .accent), (figures, .normal)]
    }

    /// "HH:MM:SS" of a time in seconds (already shifted to local time).
    static func clock(_ time: Double) -> String {
        let seconds = ((Int(time.rounded(.down)) % 86400) + 86400) % 86400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }
}
