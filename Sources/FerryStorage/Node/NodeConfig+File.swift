import FerryIO

extension NodeConfig {
    /// Reads `basedir/ferry.toml`, or, on a node's first start, writes one with the defaults
    /// (and `listen`, when given) and reports it as created.
    public static func loadOrCreate(basedir: String, listen: ListenAddress?) throws(ConfigError) -> (NodeConfig, created: Bool) {
        let path = "\(basedir)/\(fileName)"
        do {
            if Directory.fileExists(path) {
                return (try parse(String(decoding: try PosixFile.openForReading(path).readAll(), as: UTF8.self)), false)
            }
            try Directory.create(basedir)
            var config = NodeConfig()
            if let listen { config.listen = listen }
            try config.save(basedir: basedir)
            return (config, true)
        } catch let error as FileError {
            throw .io(error.message)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw .io("\(error)")
        }
    }

    /// Writes the file (atomically).
    public func save(basedir: String) throws(FileError) {
        try Directory.writeAtomically(Array(render().utf8), to: "\(basedir)/\(Self.fileName)")
    }
}
