/// Where the client keeps things, from the environment (XDG base directories, with the
/// usual fallbacks under `$HOME`): `config.toml`, the journal, the embedded grid. Pure.
public struct ClientPaths: Sendable, Equatable {
    public var config: String
    public var stateDirectory: String
    public var gridDirectory: String

    public init(config: String, stateDirectory: String, gridDirectory: String) {
        self.config = config
        self.stateDirectory = stateDirectory
        self.gridDirectory = gridDirectory
    }

    /// `$FERRY_CONFIG` or `$XDG_CONFIG_HOME/ferry/config.toml` (`~/.config`);
    /// `$FERRY_STATE_DIR` or `$XDG_STATE_HOME/ferry` (`~/.local/state`); `$FERRY_GRID_DIR` or
    /// `$XDG_DATA_HOME/ferry/grid` (`~/.local/share`).
    public init(environment: [String: String]) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        func base(_ name: String, _ fallback: String) -> String {
            // XDG says relative paths are invalid and must be ignored.
            environment[name].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/" + fallback
        }
        config = environment["FERRY_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? base("XDG_CONFIG_HOME", ".config") + "/ferry/config.toml"
        stateDirectory = environment["FERRY_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? base("XDG_STATE_HOME", ".local/state") + "/ferry"
        gridDirectory = environment["FERRY_GRID_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? base("XDG_DATA_HOME", ".local/share") + "/ferry/grid"
    }

    /// The journal of queued and running transfers.
    public var journal: String { stateDirectory + "/journal.sqlite" }

    /// Lock files of the transfers some process is running (see ``TransferClaims``).
    public var claims: String { stateDirectory + "/running" }

    /// Servers' checked certificates (see ``CertificateDirectory``).
    public var pins: String { stateDirectory + "/pins" }
}
