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
        let tally = Tally()
        switch request {
        case .upload(let path):
            guard let helper else { throw .helper(.unavailable("no helper is configured")) }
            var uploader = Uploader(helper: helper, secret: secret, encoding: encoding, retry: retry)
            uploader.grant = grant
            return try await uploader.upload(path) { tally.upload($0, report) }.description
        case .download(let text, let destination):
            let cap: Cap
            do { cap = try Cap(parsing: text) } catch { throw .badCap(error.message) }
            var downloader = Downloader(servers: storage, retry: retry)
            downloader.grant = grant
            try await downloader.download(cap, to: .file(destination)) { tally.download($0, report) }
            return nil
        }
    }

    /// Turns the uploader's and downloader's events into phases and byte counts.
    final class Tally: Sendable {
        private let bytes = Mutex((done: UInt64(0), total: UInt64(0)))

        private func set(_ done: UInt64, _ total: UInt64? = nil) -> RunnerEvent {
            let (done, total) = bytes.withLock { bytes in
                bytes.done = done
                if let total { bytes.total = total }
                return bytes
            }
            return .progress(done: done, total: total)
        }

        private func add(_ count: Int) -> RunnerEvent {
            let (done, total) = bytes.withLock { bytes in
                bytes.done += UInt64(count)
                return bytes
            }
            return .progress(done: done, total: total)
        }

        func upload(_ event: UploadEvent, _ report: (RunnerEvent) -> Void) {
            switch event {
            case .keying(let done, let total):
                report(.phase("keying"))
                report(set(done, total))
            case .keyed:
                report(.phase("asking"))
            case .answered(let answer):
                switch answer {
                case .receiving(let offset, let size):
                    report(.phase("sending"))
                    report(set(offset, size))
                    if offset > 0 { report(.note("the helper already has \(HumanFormat.bytes(offset))")) }
                case .busy(let phase, _):
                    report(.phase(phase.rawValue))
                case .done, .inGrid:
                    report(.phase("verifying"))
                    report(.note("already in the grid; nothing to send"))
                }
            case .hashing(let done, let total):
                report(.phase("hashing"))
                report(set(done, total))
            case .sent(let count):
                report(add(count))
            case .acknowledged(let offset):
                report(set(offset))
            case .pushing(let progress):
                report(.phase(progress.phase.rawValue))
                let sent = progress.servers.reduce(0) { $0 + $1.sent }, total = progress.servers.reduce(0) { $0 + $1.total }
                report(total > 0 ? set(sent, total) : set(UInt64(progress.encoded), UInt64(max(progress.segments, 1))))
            case .retrying(let delay, let error):
                report(.retrying(after: delay, error: error))
            }
        }

        func download(_ event: DownloadEvent, _ report: (RunnerEvent) -> Void) {
            switch event {
            case .located(let shares, let servers, let asked):
                report(.phase("fetching"))
                if servers < asked { report(.note("\(shares) shares on the \(servers) of \(asked) storage servers that answered")) }
            case .resuming(let have, let total):
                report(set(have, total))
                if have > 0 { report(.note("\(HumanFormat.bytes(have)) of \(HumanFormat.bytes(total)) already here; fetching the rest")) }
            case .wrote(let count):
                report(add(count))
            case .replaced(let share, let server, let reason):
                report(.note("share \(share) from \(server) set aside: \(reason)"))
            case .retrying(let delay, let error):
                report(.retrying(after: delay, error: error))
            case .verifying:
                report(.phase("verifying"))
            }
        }
    }
}
