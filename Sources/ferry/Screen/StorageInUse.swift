import FerryClient
import FerryCore
import FerryStorage

/// The storage servers transfers use now, as the screen's header counts them: those the
/// config file names, or, with none named, the embedded grid's; with the `happy` uploads
/// need. A config that names a helper and no storage servers (a machine that only uploads)
/// has only the helper's grid, counted by the helper. Nil when the file does not parse or no
/// server is known.
enum StorageInUse {
    enum Source: Equatable {
        /// Counted here, each asked for its version.
        case servers([NURL])
        /// Counted by the helper (its servers resource).
        case helper
    }

    static func named(environment: [String: String]) -> (source: Source, happy: Int)? {
        guard let (paths, config) = ConfigNow.read(environment: environment) else { return nil }
        var encoding = config.encoding
        var servers = config.storage
        if servers.isEmpty, config.helper != nil { return (.helper, encoding.happy) }
        if servers.isEmpty {
            servers = EmbeddedGrid(directory: paths.gridDirectory).status().filter { $0.name != "helper" }.compactMap(\.nurl)
            encoding.happy = min(encoding.happy, EmbeddedGrid.happy)  // as commands run over it
        }
        guard !servers.isEmpty else { return nil }
        return (.servers(servers), encoding.happy)
    }
}
