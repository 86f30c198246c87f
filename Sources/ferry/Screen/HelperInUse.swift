import FerryClient
import FerryStorage

/// The helper transfers use now, as the screen's header reports it: the one the config file
/// names, or, with none named, the embedded grid's (never started from here). Nil when the
/// file is missing or does not parse (the agent keeps what it had) or no helper is known.
enum HelperInUse {
    static func named(environment: [String: String]) -> (nurl: NURL, token: String?)? {
        guard let (paths, config) = ConfigNow.read(environment: environment) else { return nil }
        if let helper = config.helper { return (helper, config.helperToken) }
        guard let embedded = EmbeddedGrid(directory: paths.gridDirectory).status().first(where: { $0.name == "helper" })?.nurl else { return nil }
        return (embedded, nil)
    }
}
