import FerryCore
import FerryIO
import FerryStorage

extension ClientConfig {
    /// Reads the config file at `path`, or, on first use, writes one (mode 0600: it holds
    /// the convergence secret) with a fresh random secret and the defaults.
    public static func loadOrCreate(path: String) throws(ConfigError) -> (ClientConfig, created: Bool) {
        try ConfigError.reading {
            if Directory.fileExists(path) {
                return (try parse(String(decoding: try PosixFile.openForReading(path).readAll(), as: UTF8.self)), false)
            }
            try Directory.create(Directory.parent(of: path))
            let config = ClientConfig(convergenceSecret: .random())
            try config.save(path: path)
            return (config, true)
        }
    }

    /// Writes the file atomically, mode 0600.
    public func save(path: String) throws(FileError) {
        try Directory.writeAtomically(Array(render().utf8), to: path, mode: 0o600)
    }
}
