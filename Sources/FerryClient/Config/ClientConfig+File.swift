import FerryCore
import Glibc
import FerryIO
import FerryStorage

extension ClientConfig {
    /// Reads the config file at `path`, or, on first use, writes one (mode 0600: it holds
    /// the convergence secret) with a fresh random secret and the defaults. A file written
    /// by hand without a secret (say, only `[screen] theme`) gets one added, the rest of
    /// the file kept as it was.
    /// `created`: a new secret was made (a new file, or one completed), which the caller
    /// says, since caps made with it differ from an earlier secret's.
    public static func loadOrCreate(path: String) throws(ConfigError) -> (ClientConfig, created: Bool) {
        try ConfigError.reading {
            if Directory.fileExists(path) {
                let text = String(decoding: try PosixFile.openForReading(path).readAll(), as: UTF8.self)
                do {
                    return (try parse(text), false)
                } catch ConfigError.badValue(key: "client.convergence_secret", reason: "missing") {
                    return try completeWithSecret(path: path)
                }
            }
            try Directory.create(Directory.parent(of: path))
            let config = ClientConfig(convergenceSecret: .random())
            // Two ferries started at once on a first use must not each keep a secret of its
            // own (one would make caps with a secret no file holds): the first file stays.
            guard try Directory.createExclusively(Array(config.render().utf8), at: path, mode: 0o600) else {
                return (try parse(String(decoding: try PosixFile.openForReading(path).readAll(), as: UTF8.self)), false)
            }
            return (config, true)
        }
    }

    /// Adds a secret to the file at `path`, under a lock on it, reading it again first: of
    /// ferries started at once on a file without one, the first adds it and the others find
    /// it (each kept a secret of its own, and all but the last made caps with a secret no
    /// file held). The file is replaced by rename, so a waiter holds the old one's lock and
    /// reads the new one.
    private static func completeWithSecret(path: String) throws -> (ClientConfig, created: Bool) {
        let locked = try PosixFile.openForReading(path)
        guard flock(locked.descriptor, LOCK_EX) == 0 else { throw FileError("flock", path: path) }
        defer { try? locked.close() }  // and the lock with it
        let text = String(decoding: try PosixFile.openForReading(path).readAll(), as: UTF8.self)
        if let config = try? parse(text) { return (config, false) }
        let completed = withSecret(text, .random())
        let config = try parse(completed)
        try Directory.writeAtomically(Array(completed.utf8), to: path, mode: 0o600)
        return (config, true)
    }

    /// Reads and checks the config file at `path`, changing nothing (a running agent
    /// following the file: a file without a secret is an error here, not a file to complete).
    public static func load(path: String) throws(ConfigError) -> ClientConfig {
        let text = try ConfigError.reading { String(decoding: try PosixFile.openForReading(path).readAll(), as: UTF8.self) }
        return try parse(text)
    }

    /// `text` with a `convergence_secret` line: under its `[client]` table, or in a new one
    /// at the end.
    static func withSecret(_ text: String, _ secret: ConvergenceSecret) -> String {
        let line = "convergence_secret = \"\(secret.base32)\""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let header = lines.firstIndex(where: { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("[client]") }) {
            lines.insert(line, at: header + 1)
            return lines.joined(separator: "\n")
        }
        return text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + "\n[client]\n\(line)\n"
    }

    /// Writes the file atomically, mode 0600.
    public func save(path: String) throws(FileError) {
        try Directory.writeAtomically(Array(render().utf8), to: path, mode: 0o600)
    }
}
