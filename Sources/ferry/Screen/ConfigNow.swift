import FerryClient

/// The config as a command started now would take it, for the screen's checks of the grid
/// in use (`HelperInUse`, `StorageInUse`). Read only: a check every few seconds must not
/// write a config or a secret, as a command's first use does; the environment's overrides
/// apply as they do for commands. Nil when the file is missing or does not parse (the agent
/// keeps what it had).
enum ConfigNow {
    static func read(environment: [String: String]) -> (paths: ClientPaths, config: ClientConfig)? {
        let paths = ClientPaths(environment: environment)
        guard let file = try? ClientConfig.load(path: paths.config), let config = try? file.overridden(by: environment) else { return nil }
        return (paths, config)
    }
}
