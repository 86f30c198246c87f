import FerryClient
import FerryCore
import FerryIO
import FerryStorage
import Foundation

/// What a client command needs, put together once: the settings (config file, then the
/// environment), and the grid — the configured helper, or the embedded one started on
/// demand.
struct ClientSetup {
    let paths: ClientPaths
    /// The config file's settings with the environment's overrides (an agent following
    /// the file changes it).
    var config: ClientConfig
    /// The helper and storage servers to use (no helper when a download needs none).
    let helper: NURL?
    let storage: [NURL]
    /// Nodes of the embedded grid this setup started (it was stopped, or never ran).
    var gridStarted = 0
    /// Encoding for new uploads (the embedded grid's five servers cap happiness at five;
    /// happiness is not part of the key, so caps are unchanged).
    let encoding: EncodingParameters

    /// The settings, and the grid: the configured helper and storage servers; with none
    /// configured (or, when `needsHelper` is false, no storage servers), the embedded grid,
    /// started if it is not running (which is said on standard error, unless `quietly`).
    static func load(environment: [String: String] = ProcessInfo.processInfo.environment, needsHelper: Bool = true,
                     quietly: Bool = false) async throws -> ClientSetup {
        let (config, paths) = try settings(environment: environment, quietly: quietly)
        return try await resolving(config, paths: paths, needsHelper: needsHelper, quietly: quietly)
    }

    /// The settings alone: the config file (created with a new secret if there is none),
    /// then the environment's overrides, and where things are kept.
    static func settings(environment: [String: String] = ProcessInfo.processInfo.environment,
                         quietly: Bool = false) throws -> (ClientConfig, ClientPaths) {
        let paths = ClientPaths(environment: environment)
        // Servers' certificates checked by an earlier command are taken from there (checked
        // again): a command's first request to each server skips a handshake.
        PinnedTLS.keepCertificates(in: CertificateDirectory(path: paths.pins))
        // A FERRY_CONFIG whose directory does not exist is a mistyped path, not a first use:
        // a new config (with a new convergence secret, so other caps) was made there, its
        // directories too, and the command ended 0 (a user test).
        if let named = environment["FERRY_CONFIG"], !named.isEmpty, !Directory.fileExists(named), !Directory.exists(Directory.parent(of: named)) {
            throw ConfigError.badValue(key: "FERRY_CONFIG", reason: "names \(named), whose directory does not exist (a mistyped path?); "
                                       + "for a new config there, create the directory first: a new config gets a new convergence secret, and other caps")
        }
        let (file, created): (ClientConfig, Bool)
        do { (file, created) = try ClientConfig.loadOrCreate(path: paths.config) } catch { throw ConfigError.file(path: paths.config, error) }
        let config = try file.overridden(by: environment)  // an environment variable's error names it
        // A new secret changes every cap from here on (a config moved away, a fresh machine): said once.
        if created, !quietly { printError("wrote a new convergence secret into \(paths.config) (keep it: with another secret the same file gets another cap)") }
        return (config, paths)
    }

    /// The grid for settings already read (an agent following its config file has them):
    /// the configured helper and storage servers, or the embedded grid, started if needed.
    /// `needsGrid` false (files small enough to be kept in their caps): no grid is started,
    /// and without a configured helper there is none.
    static func resolving(_ config: ClientConfig, paths: ClientPaths, needsHelper: Bool = true, needsGrid: Bool = true,
                          quietly: Bool) async throws -> ClientSetup {
        if config.helper != nil || (!needsHelper && !config.storage.isEmpty) || !needsGrid {
            return ClientSetup(paths: paths, config: config, helper: config.helper, storage: config.storage, encoding: config.encoding)
        }
        let grid = try await EmbeddedGrid(directory: paths.gridDirectory).start()
        var encoding = config.encoding
        encoding.happy = min(encoding.happy, EmbeddedGrid.happy)
        let setup = ClientSetup(paths: paths, config: config, helper: grid.helper, storage: config.storage.isEmpty ? grid.storage : config.storage,
                                gridStarted: grid.started, encoding: encoding)
        if !quietly, let notice = setup.gridNotice { printError(notice) }
        return setup
    }

    /// A setup with every setting at its default and no grid, for a screen whose config file
    /// does not parse while an agent runs (the screen shows; the agent transfers).
    static func defaults(environment: [String: String]) -> ClientSetup {
        ClientSetup(paths: ClientPaths(environment: environment), config: ClientConfig(convergenceSecret: ConvergenceSecret(bytes: [])),
                    helper: nil, storage: [], encoding: .default)
    }

    /// What to say when this setup started the embedded grid (a newcomer's first command,
    /// or one after `ferry grid stop`), if it did.
    var gridNotice: String? {
        gridStarted == 0 ? nil : "started the local grid (`ferry grid stop` stops it)"
    }
}
