import FerryClient
import FerryCore
import FerryStorage

/// The storage servers transfers use now, as the screen's header counts them: those the
/// config file names, or, with none named, the embedded grid's; with the `happy` uploads
/// need. Nil when the file does not parse or no server is known.
enum StorageInUse {
    static func named(environment: [String: String]) -> (servers: [NURL], happy: Int)? {
        guard let (paths, config) = ConfigNow.read(environment: environment) else { return nil }
        var encoding = config.encoding
        var servers = config.storage
        if servers.isEmpty, config.helper == nil {
            servers = EmbeddedGrid(directory: paths.gridDirectory).status().filter { $0.name != "helper" }.compactMap(\.nurl)
            encoding.happy = min(encoding.happy, EmbeddedGrid.happy)  // as commands run over it
        }
        guard !servers.isEmpty else { return nil }
        return (servers, encoding.happy)
    }
}
