import AsyncHTTPClient
import FerryClient
import FerryStorage
import Foundation

/// The agent's eye on its config file. Looked at every second; a file that changed and then
/// stayed the same for one look (an editor's save done) is read and what changed applied
/// (``ConfigChange``): limits at once, a new grid or upload settings for transfers that
/// start from then on. What it did is logged and told to every screen; a file that does not
/// parse is said the same way, and the settings in use stay.
struct ConfigFollower {
    /// The settings in use.
    private(set) var setup: ClientSetup
    private let engine: TransferEngine
    private let http: HTTPClient
    private let turns: UploadTurns
    private let environment: [String: String]
    private let log: @Sendable (String) -> Void
    /// What `agent status` says of the file: why it is not applied, or nil.
    let problem = Shared<String?>(nil)
    /// The settings' ``ClientSetup/gridDigests``, for commands to compare with theirs.
    let grid = Shared<[String: String]>([:])
    /// The file as last applied (or found broken), and as seen at the last look.
    private var applied: [Int]?
    private var seen: [Int]?
    /// The last look found the file broken (and said so): its mending is said too.
    private var broken = false

    init(setup: ClientSetup, engine: TransferEngine, http: HTTPClient, turns: UploadTurns, environment: [String: String],
         log: @escaping @Sendable (String) -> Void) {
        self.setup = setup
        self.engine = engine
        self.http = http
        self.turns = turns
        self.environment = environment
        self.log = log
        applied = Self.stamp(setup.paths.config)
        seen = applied
        grid.set(setup.gridDigests)
    }

    /// One look at the file.
    mutating func look() async {
        let now = Self.stamp(setup.paths.config)
        defer { seen = now }
        // A removed file changes nothing (the next command writes a fresh one).
        guard let now, now == seen, now != applied else { return }
        applied = now
        let next: ClientConfig
        do {
            let file: ClientConfig
            do { file = try ClientConfig.load(path: setup.paths.config) } catch { throw ConfigError.file(path: setup.paths.config, error) }
            next = try file.overridden(by: environment)
        } catch {
            return await refuse(error)
        }
        let change = ConfigChange(from: setup.config, to: next)
        guard !change.isEmpty else {
            if broken { await tell("config fixed: it reads again, and matches the settings in use") }
            mended()
            return
        }
        if change.needsNewRunner {
            do {
                let fresh = try await ClientSetup.resolving(next, paths: setup.paths, quietly: true)  // the file as read above
                await engine.replaceRunner(fresh.makeRunner(http: http, turns: turns))
                setup = fresh
            } catch {
                return await refuse(error)
            }
        } else {
            setup.config = next
        }
        grid.set(setup.gridDigests)
        if let maximumActive = change.maximumActive { await engine.setMaximumActive(maximumActive) }
        if let rateLimit = change.rateLimit { await engine.setRateLimit(rateLimit) }
        mended()
        await tell(change.summary)
    }

    private mutating func refuse(_ error: any Error) async {
        broken = true
        problem.set("\(error)")
        await tell("config not applied: \(error) (the settings in use stay)")
    }

    private mutating func mended() {
        broken = false
        problem.set(nil)
    }

    private func tell(_ text: String) async {
        log(text)
        await engine.announce(text)
    }

    /// What tells one state of the file from another: device, inode (an editor saving by
    /// rename), size and modification time; nil when there is no file.
    private static func stamp(_ path: String) -> [Int]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [Int(info.st_dev), Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
    }
}
