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
    /// Shared by this runner's uploads (and a runner that replaces it): the same contents
    /// twice go one after the other.
    public let turns: UploadTurns

    public init(helper: HelperClient?, storage: [StorageClient], secret: ConvergenceSecret, encoding: EncodingParameters, retry: RetryPolicy,
                turns: UploadTurns = UploadTurns()) {
        self.turns = turns
        self.helper = helper
        self.storage = storage
        self.secret = secret
        self.encoding = encoding
        self.retry = retry
    }

    public func run(_ request: TransferRequest, grant: @escaping @Sendable (Int) async throws -> Int,
                    report: @escaping @Sendable (RunnerEvent) -> Void) async throws(TransferError) -> String? {
        switch request {
        case .upload(let path):
            let tally = RunTally(encoding: encoding)
            let source = try UploadSource(path: path)  // opened once, for the check and the upload
            if let literal = try Uploader.literal(source) {
                // Kept in its cap: no helper needed (a setup for small files alone starts no grid).
                tally.finished(size: literal.size, report)
                return literal.description
            }
            guard let helper else { throw .helper(.unavailable("no helper is configured")) }
            var uploader = Uploader(helper: helper, secret: secret, encoding: encoding, retry: retry)
            uploader.grant = grant
            uploader.turns = turns
            let cap = try await uploader.upload(source) { tally.upload($0, report) }
            switch cap {
            case .chk, .literal: tally.finished(size: cap.size, report)
            case .verify: break
            }
            return cap.description
        case .download(let text, let destination):
            let cap: Cap
            do { cap = try Cap(parsing: text) } catch { throw .badCap(error.message) }
            let tally = RunTally()
            if case .chk(let chk) = cap {
                let encoding = EncodingParameters(needed: chk.needed, happy: 0, total: chk.total, maxSegmentSize: 0)
                tally.start(storageIndex: chk.storageIndex.base32, encoding: encoding, report)
            }
            var downloader = Downloader(servers: storage, retry: retry)
            downloader.grant = grant
            do {
                try await downloader.download(cap, to: .file(destination)) { tally.download($0, report) }
            } catch {
                tally.stopped(report)
                throw error
            }
            return nil
        }
    }
}
