import FerryIO

extension NodeConfig {
    /// Reads `basedir/ferry.toml`, or, on a node's first start, writes one with the defaults
    /// (and `listen`, when given) and reports it as created.
    public static func loadOrCreate(basedir: String, listen: ListenAddress?) throws(ConfigError) -> (NodeConfig, created: Bool) {
        let (config, _, created) = try loadOrCreate(basedir: basedir, listen: listen, section: NoConfigSection())
        return (config, created)
    }

    /// Reads `basedir/ferry.toml` with the caller's section, or, on a node's first start,
    /// writes one with the defaults, `listen` when given and `section` as it is.
    public static func loadOrCreate<Section: NodeConfigSection>(basedir: String, listen: ListenAddress?, section: Section)
        throws(ConfigError) -> (NodeConfig, Section, created: Bool) {
        let path = "\(basedir)/\(fileName)"
        // A value or syntax error names the file (an operator saw `helper.tokens: …` and had
        // to guess which file); a read error's message names it already.
        do throws(ConfigError) {
            return try read(path, basedir: basedir, listen: listen, section: section)
        } catch {
            if case .io = error { throw error }
            throw .file(path: path, error)
        }
    }

    private static func read<Section: NodeConfigSection>(_ path: String, basedir: String, listen: ListenAddress?, section: Section)
        throws(ConfigError) -> (NodeConfig, Section, created: Bool) {
        try ConfigError.reading {
            // Private, as the embedded grid's is: node.url holds the swissnum, a helper's
            // ferry.toml its bearer tokens and every storage server's NURL (all were 0644 in a
            // 0755 directory). An existing basedir is made private too.
            try Directory.createPrivate(basedir)
            if Directory.fileExists(path) {
                let (config, read) = try parse(String(decoding: try PosixFile.openForReading(path).readAll(), as: UTF8.self), section: Section.self)
                return (config, read, false)
            }
            var config = NodeConfig()
            if let listen { config.listen = listen }
            try config.save(basedir: basedir, section: section)
            return (config, section, true)
        }
    }

    /// Writes the file (atomically), with `section` after `[node]` and `[storage]`.
    public func save(basedir: String, section: some NodeConfigSection = NoConfigSection()) throws(FileError) {
        let extra = section.render()
        try Directory.writeAtomically(Array((render() + (extra.isEmpty ? "" : "\n" + extra)).utf8), to: "\(basedir)/\(Self.fileName)", mode: 0o600)
    }
}
