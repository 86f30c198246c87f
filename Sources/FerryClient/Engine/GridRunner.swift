import FerryCore
import FerryStorage
import Synchronization

/// Runs transfers against a grid: uploads through the helper, downloads from the storage
/// servers, each retrying and resuming by itself; their events become ``RunnerEvent``s.
public struct GridRunner: TransferRunner {
    public let helper: HelperClient?
    public let storage: [StorageClient]
    public let secret: ConvergenceSecret
    public let encoding: EncodingParameters
    public let retry: RetryPolicy

    public init(helper: HelperClient?, storage: [StorageClient], secret: ConvergenceSecret, encoding: EncodingParameters, retry: RetryPolicy) {
        self.helper = helper
        self.storage = storage
        self.secret = secret
        self.encoding = encoding
        self.retry = retry
    }

    public func run(_ request: TransferRequest, grant: @escaping @Sendable (Int) async throws -> Int,
                    report: @escaping @Sendable (RunnerEvent) -> Void) async throws(TransferError) -> String? {
        let tally = RunTally()
        switch request {
        case .upload(let path):
            guard let helper else { throw .helper(.unavailable("no helper is configured")) }
            var uploader = Uploader(helper: helper, secret: secret, encoding: encoding, retry: retry)
            uploader.grant = grant
            return try await uploader.upload(path) { tally.upload($0, report) }.description
        case .download(let text, let destination):
            let cap: Cap
            do { cap = try Cap(parsing: text) } catch { throw .badCap(error.message) }
            if case .chk(let chk) = cap { tally.start(storageIndex: chk.storageIndex.base32, report) }
            var downloader = Downloader(servers: storage, retry: retry)
            downloader.grant = grant
            try await downloader.download(cap, to: .file(destination)) { tally.download($0, report) }
            return nil
        }
    }
}
