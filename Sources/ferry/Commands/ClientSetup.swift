import FerryClient
import FerryCore
import FerryStorage
import Foundation

/// What a client command needs, put together once: the settings (config file, then the
/// environment), and the grid — the configured helper, or the embedded one started on
/// demand.
struct ClientSetup {
    let paths: ClientPaths
    let config: ClientConfig
    /// The helper and storage servers to use (no helper when a download needs none).
    let helper: NURL?
    let storage: [NURL]
    /// Encoding for new uploads (the embedded grid's five servers cap happiness at five;
    /// happiness is not part of the key, so caps are unchanged).
    let encoding: EncodingParameters

    /// The settings, and the grid: the configured helper and storage servers; with none
    /// configured (or, when `needsHelper` is false, no storage servers), the embedded grid,
    /// started if it is not running.
    static func load(environment: [String: String] = ProcessInfo.processInfo.environment, needsHelper: Bool = true) async throws -> ClientSetup {
        let paths = ClientPaths(environment: environment)
        let config = try ClientConfig.loadOrCreate(path: paths.config).0.overridden(by: environment)
        if config.helper != nil || (!needsHelper && !config.storage.isEmpty) {
            return ClientSetup(paths: paths, config: config, helper: config.helper, storage: config.storage, encoding: config.encoding)
        }
        let grid = try await EmbeddedGrid(directory: paths.gridDirectory).start()
        var encoding = config.encoding
        encoding.happy = min(encoding.happy, EmbeddedGrid.happy)
        return ClientSetup(paths: paths, config: config, helper: grid.helper, storage: config.storage.isEmpty ? grid.storage : config.storage,
                           encoding: encoding)
    }
}
