import AsyncHTTPClient
import FerryClient
import FerryStorage
import NIOCore

extension ClientSetup {
    /// The idle timeout of every connection (no byte either way for this long: a stall).
    var idleTimeout: TimeAmount { .seconds(Int64(config.idleTimeout)) }

    /// The helper, through `http`.
    func helperClient(http: HTTPClient) -> HelperClient? {
        helper.map { helperClient($0, token: config.helperToken, http: http) }
    }

    /// A client of the helper at `nurl` (`token`, when given, is sent in place of its swissnum).
    func helperClient(_ nurl: NURL, token: String?, http: HTTPClient) -> HelperClient {
        HelperClient(transport: StorageClient(nurl: nurl, http: http, idleTimeout: idleTimeout, bearerToken: token))
    }

    /// What runs each transfer against this setup's grid, through `http`; `turns` is shared
    /// with the runner it replaces (an agent following its config).
    func makeRunner(http: HTTPClient, turns: UploadTurns = UploadTurns()) -> GridRunner {
        GridRunner(helper: helperClient(http: http), storage: storage.map { StorageClient(nurl: $0, http: http, idleTimeout: idleTimeout) },
                   secret: config.convergenceSecret, encoding: encoding, retry: config.retry, turns: turns)
    }

    /// An engine over the journal, moving bytes through `runner`; with a `scope`, it runs only
    /// those transfers (and ones added to it).
    func makeEngine(runner: GridRunner, scope: Set<Int64>?) throws -> (engine: TransferEngine, journal: Journal, claims: TransferClaims) {
        let journal = try Journal(path: paths.journal)
        StdinSpool.sweep(stateDirectory: paths.stateDirectory, journal: journal)  // left by uploads done or removed
        let claims = TransferClaims(directory: paths.claims)
        let engine = try TransferEngine(journal: journal, runner: runner,
                                        settings: .init(maximumActive: max(1, config.maximumActive), rateLimit: config.rateLimit,
                                                        stateDirectory: paths.stateDirectory),
                                        claims: claims, scope: scope)
        return (engine, journal, claims)
    }
}
