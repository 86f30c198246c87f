import FerryCore
import Foundation

/// The queue of uploads and downloads: runs up to `maximumActive` at a time by priority,
/// pauses and resumes them (pausing stops the network at once; all progress stays, on the
/// other side and in part files), removes them, limits their rates, and reports everything
/// as snapshots and an event stream. Every change is written to the ``Journal``, so a new
/// engine over the same journal (after a crash or `kill -9`) restores the queue and runs
/// what was running; each transfer then asks the other side where to go on.
public actor TransferEngine {
    public struct Settings: Sendable {
        public var maximumActive: Int
        public var rateLimit: UInt64
        /// Progress is written to the journal at most this often (seconds); states at once.
        public var saveInterval: Double
        /// How often the journal is read for changes other processes made (pause, resume,
        /// remove, new transfers); 0: never.
        public var watchInterval: Double
        /// The state directory, whose standard-input spools (``StdinSpool``) go when this
        /// engine finishes or removes their uploads; nil: none are kept.
        public var stateDirectory: String?

        public init(maximumActive: Int = 2, rateLimit: UInt64 = 0, saveInterval: Double = 1, watchInterval: Double = 0.5,
                    stateDirectory: String? = nil) {
            self.maximumActive = maximumActive
            self.rateLimit = rateLimit
            self.saveInterval = saveInterval
            self.watchInterval = watchInterval
            self.stateDirectory = stateDirectory
        }
    }

    struct Live {
        var entry: JournalEntry
        var meter = SpeedMeter()
        var note: String?
        var detail = TransferDetail()
        /// Retries and bytes sent twice in earlier runs (a run counts only its own).
        var carried = (retries: 0, resent: UInt64(0))
        /// Which launch the running task belongs to (a stale one's end is ignored).
        var run = 0
        var work: Task<Result<String?, TransferError>, Never>?
        var lastSaved = -Double.infinity
        var lastEvent = -Double.infinity
        /// The state this engine last wrote (another in the journal: someone else's command).
        var savedState: String
        /// Another process runs it (holds its claim).
        var elsewhere = false

        init(entry: JournalEntry) {
            self.entry = entry
            savedState = entry.state.name
        }
    }

    private let journal: Journal
    private let claims: TransferClaims?
    /// The transfers this engine runs (nil: every one in the journal).
    private var scope: Set<Int64>?
    private var watcher: Task<Void, Never>?
    private var runner: any TransferRunner
    private let clock: @Sendable () -> Double
    private let limiter: RateLimiter
    private var settings: Settings
    private var live: [Int64: Live] = [:]
    /// While set (``inOneCommit(_:)``), state changes are kept here and written together.
    private var deferredSaves: [Int64: JournalEntry]?
    private var watchers: [Int: AsyncStream<EngineEvent>.Continuation] = [:]
    private var nextWatcher = 0
    private var runs = 0
    /// Transfers being removed: their runs are ending, and nothing starts them again.
    private var leaving: Set<Int64> = []
    private var stopping = false

    /// Restores the queue from `journal` (running and retrying transfers queue again, unless
    /// another process holds their claim); call ``start()`` to begin. With a `scope`, only
    /// those transfers (and ones added here) are run.
    public init(journal: Journal, runner: any TransferRunner, settings: Settings = Settings(), claims: TransferClaims? = nil,
                scope: Set<Int64>? = nil, clock: @escaping @Sendable () -> Double = TransferEngine.monotonicSeconds) throws(TransferError) {
        self.journal = journal
        self.claims = claims
        self.scope = scope
        self.runner = runner
        self.settings = settings
        self.clock = clock
        limiter = RateLimiter(global: settings.rateLimit, clock: clock)
        for entry in try journal.all() where scope?.contains(entry.id) ?? true {
            live[entry.id] = try Self.restore(entry, journal: journal, claims: claims)
            if entry.rateLimit > 0 { limiter.set(entry.id, entry.rateLimit) }
        }
    }

    /// A journaled transfer as this engine takes it over: one whose process died runs
    /// again; one another process runs is left to it.
    private static func restore(_ entry: JournalEntry, journal: Journal, claims: TransferClaims?) throws(TransferError) -> Live {
        var entry = entry
        if claims?.isClaimed(entry.id) == true {
            var live = Live(entry: entry)
            live.elsewhere = true
            return live
        }
        let restored = entry.state.restored
        if restored != entry.state {
            entry.state = restored
            try journal.save(entry)
        }
        return Live(entry: entry)
    }

    /// Seconds on a monotonic clock (since the first use).
    public static let monotonicSeconds: @Sendable () -> Double = {
        (ContinuousClock.now - origin).inSeconds
    }
    private static let origin = ContinuousClock.now

    /// Starts what the queue allows, and (see ``Settings/watchInterval``) follows the journal.
    public func start() {
        schedule()
        guard settings.watchInterval > 0, watcher == nil else { return }
        let interval = settings.watchInterval
        watcher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                self.followJournal()
                self.meterSilence()
            }
        }
    }

    /// A running transfer whose bytes stopped (a server gone, a stall not yet timed out)
    /// reports no progress, so its speed and ETA stayed at their last values (a user saw
    /// "4.00 MiB/s, ETA 21s" for 24 s after stopping the grid). Each quiet second now
    /// counts as a zero sample.
    /// A stopped one (paused, queued again, waiting to retry) goes on counting quiet seconds
    /// until its last minute is empty: its graph and average stood as they were when it
    /// stopped, under "over the last minute" (a user test).
    func meterSilence() {
        let now = clock()
        for (id, transfer) in live where transfer.entry.state == .active
            || (!transfer.elsewhere && !transfer.entry.state.isFinished && transfer.meter.history.contains { $0 > 0 }) {
            let before = (transfer.meter.bytesPerSecond, transfer.meter.history)
            live[id]!.meter.record(bytes: transfer.entry.done, now: now)
            if live[id]!.meter.bytesPerSecond != before.0 || live[id]!.meter.history != before.1 { emit(id) }
        }
    }

    /// Applies what other processes wrote to the journal: a pause, resume or removal of a
    /// transfer of this engine's, the end of a transfer another process ran, and (with no
    /// scope) transfers added elsewhere.
    public func followJournal() {
        guard !stopping, let entries = try? journal.all() else { return }
        let rows = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        for (id, transfer) in live where rows[id] == nil {
            transfer.work?.cancel()
            claims?.release(id)
            live[id] = nil
            broadcast(.removed(id))
        }
        for entry in entries {
            guard let transfer = live[entry.id] else {
                if scope == nil, let restored = try? Self.restore(entry, journal: journal, claims: claims) {
                    live[entry.id] = restored
                    emit(entry.id)
                }
                continue
            }
            if transfer.elsewhere {
                if claims?.isClaimed(entry.id) == false {
                    live[entry.id] = (try? Self.restore(entry, journal: journal, claims: claims)) ?? transfer
                } else {
                    // Its speed comes from the progress the other process saves (``meterSilence``
                    // records it too); a new phase starts the meter again, as for a run here.
                    if entry.phase != transfer.entry.phase || entry.done < transfer.entry.done { live[entry.id]?.meter.restart() }
                    live[entry.id]?.entry = entry
                    live[entry.id]?.meter.record(bytes: entry.done, now: clock())
                }
                emit(entry.id)
                continue
            }
            guard entry.state.name != transfer.savedState else { continue }
            switch entry.state {
            case .paused: pause(entry.id)
            case .queued where transfer.entry.state.isResumable: requeue(entry.id)
            default: break
            }
        }
        schedule()
    }

    // MARK: Commands

    /// Takes journaled transfers into this engine's scope (a paused or failed one is queued
    /// again; one another process runs is left to it).
    public func adopt(_ ids: [Int64]) {
        guard let entries = try? journal.all() else { return }
        for entry in entries where ids.contains(entry.id) {
            scope?.insert(entry.id)
            if live[entry.id] == nil, let restored = try? Self.restore(entry, journal: journal, claims: claims) { live[entry.id] = restored }
            requeue(entry.id)
        }
        schedule()
    }

    /// Queues a transfer, with its file's size when known at once (the file's, the cap's),
    /// so a queued or paused one shows how big it is before it starts.
    @discardableResult
    public func add(_ request: TransferRequest, priority: Int = 0) throws(TransferError) -> TransferSnapshot {
        let entry = try journal.add(request, priority: priority, total: Self.sizeKnown(request))
        scope?.insert(entry.id)
        live[entry.id] = Live(entry: entry)
        emit(entry.id)
        schedule()
        return snapshot(of: entry.id)!
    }

    private static func sizeKnown(_ request: TransferRequest) -> UInt64 {
        switch request {
        case .upload(let path):
            var info = stat()
            return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? UInt64(info.st_size) : 0
        case .download(let cap, _):
            return (try? Cap(parsing: cap))?.size ?? 0
        }
    }

    /// Pauses one transfer: its connections close at once; what was sent or written stays.
    public func pause(_ id: Int64) {
        guard let transfer = live[id], !transfer.entry.state.isFinished, transfer.entry.state != .paused else { return }
        if transfer.elsewhere {
            // Run by another ferry (a `get` in another shell, a `resume` that took over from an
            // agent that died): paused in the journal, which it follows, as `ferry pause ID`
            // does. The screen's key did nothing, and said nothing (a user test).
            do { try journal.markPaused(id) } catch { live[id]?.note = "the journal could not be written: \(error)" }
            return
        }
        // Paused once the helper has every byte, the upload is not held: the helper goes on
        // encoding and storing the shares alone (a user paused mid-push and read the bar as
        // stopped). Resuming asks it again and shows the end.
        // (Active only: one retrying after a failed push is not being pushed.)
        let helperGoesOn = transfer.entry.state == .active && transfer.entry.request.kind == "upload" && Self.helperPhases.contains(transfer.entry.phase)
        stopRun(id)
        change(id) {
            $0.entry.state = .paused
            if helperGoesOn { $0.note = "the helper has every byte and goes on storing the shares; resume to see it end" }
        }
        schedule()
    }

    /// An upload's phases once the helper has every byte: its work, not this client's.
    public static let helperPhases: Set<String> = ["encoding", "pushing"]

    /// Queues a paused (or failed) transfer again.
    public func resume(_ id: Int64) {
        requeue(id)
        schedule()
    }

    private func requeue(_ id: Int64) {
        guard let transfer = live[id], !transfer.elsewhere, transfer.entry.state.isResumable else { return }
        change(id) { $0.entry.state = .queued }
    }

    public func pauseAll() {
        inOneCommit { for id in live.keys.sorted() { pause(id) } }
    }

    /// Every paused transfer queued again, then the slots given out once, by priority (one
    /// at a time, the first by id took a free slot before a higher priority was queued).
    public func resumeAll() {
        inOneCommit {
            for id in live.keys.sorted() where live[id]?.entry.state == .paused { requeue(id) }
            schedule()
        }
    }

    /// Runs `body` with its journal writes made in one commit at the end: one sync for a
    /// whole queue (resuming 360 transfers took 3 s at a synced commit each).
    private func inOneCommit(_ body: () -> Void) {
        deferredSaves = [:]
        body()
        let entries = Array((deferredSaves ?? [:]).values)
        deferredSaves = nil
        do { try journal.save(entries) } catch { for entry in entries { live[entry.id]?.note = "the journal could not be written: \(error)" } }
    }

    /// Stops a transfer and forgets it once its run has ended (a download's part file stays,
    /// so getting the same cap to the same path later goes on from it; a get added again at
    /// once must not find the old run still writing it).
    public func remove(_ id: Int64) async throws(TransferError) {
        await stopAndWait(id)
        guard live[id] != nil else { return }
        live[id] = nil
        try journal.remove(id)
        claims?.forget(id)
        sweepSpools()
        broadcast(.removed(id))
        schedule()
    }

    /// Standard input kept for uploads no longer in the queue, or done, goes.
    private func sweepSpools() {
        if let directory = settings.stateDirectory { StdinSpool.sweep(stateDirectory: directory, journal: journal) }
    }

    /// ``remove(_:)``, and a download's part file and record are deleted once it has
    /// stopped writing them (the download is given up for good). One another process runs
    /// is refused: its part file is in use there.
    public func discard(_ id: Int64) async throws(TransferError) {
        guard let transfer = live[id] else { return }
        if transfer.elsewhere {
            throw TransferError.file(code: "transfer.running", message: "\(transfer.entry.request.name) runs in another ferry; pause it there first")
        }
        try await remove(id)
        if case .download(_, let destination) = transfer.entry.request, transfer.entry.state != .done {
            PartFileNames.delete(for: destination)
        }
    }

    public func setPriority(_ id: Int64, _ priority: Int) {
        change(id) { $0.entry.priority = priority }
        schedule()
    }

    /// Limits one transfer (bytes per second; 0: no limit of its own).
    public func setRateLimit(_ id: Int64, _ bytesPerSecond: UInt64) {
        limiter.set(id, bytesPerSecond)
        change(id) { $0.entry.rateLimit = bytesPerSecond }
    }

    /// Limits all transfers together (0: no limit).
    public func setRateLimit(_ bytesPerSecond: UInt64) {
        settings.rateLimit = bytesPerSecond
        limiter.setGlobal(bytesPerSecond)
        broadcast(.settings(maximumActive: settings.maximumActive, rateLimit: bytesPerSecond))
    }

    public func setMaximumActive(_ count: Int) {
        settings.maximumActive = max(0, count)
        broadcast(.settings(maximumActive: settings.maximumActive, rateLimit: settings.rateLimit))
        schedule()
    }

    /// Tells every watcher `text` (a screen shows it in its status bar).
    public func announce(_ text: String) {
        broadcast(.notice(text))
    }

    /// Transfers that start from now on run with `runner` (the grid, secret, encoding or
    /// retry policy changed); running ones finish with the one they started with. One
    /// waiting to retry starts again with it at once: a helper's NURL mended in the config
    /// reached a transfer retrying the wrong one only after a pause and resume (a user test).
    public func replaceRunner(_ runner: any TransferRunner) {
        self.runner = runner
        for id in live.keys.sorted() {
            guard let transfer = live[id], !transfer.elsewhere, case .retrying = transfer.entry.state else { continue }
            stopRun(id)
            change(id) { $0.entry.state = .queued }
        }
        schedule()
    }

    /// Stops every running transfer without changing its recorded state (it runs again at
    /// the next start) and waits for them to end.
    public func shutdown() async {
        stopping = true
        watcher?.cancel()
        let running = live.values.compactMap(\.work)
        for work in running { work.cancel() }
        for work in running { _ = await work.value }
        for id in live.keys { claims?.release(id) }
        for watcher in watchers.values { watcher.finish() }
        watchers = [:]
    }

    // MARK: Views

    public func snapshot() -> EngineSnapshot {
        EngineSnapshot(transfers: live.keys.sorted().compactMap { snapshot(of: $0) }, maximumActive: settings.maximumActive,
                       rateLimit: settings.rateLimit)
    }

    /// The newest transfer of `request` not done yet, if any: found without a snapshot of
    /// the whole queue (each `put` of many files asked for one per file).
    public func unfinished(_ request: TransferRequest) -> TransferSnapshot? {
        let newest = live.values.filter { $0.entry.request == request && $0.entry.state != .done }.max { $0.entry.id < $1.entry.id }
        return newest.flatMap { snapshot(of: $0.entry.id) }
    }

    public func snapshot(of id: Int64) -> TransferSnapshot? {
        guard let transfer = live[id] else { return nil }
        let moving = transfer.entry.state == .active
        var retryIn: Double?
        if case .retrying(let at, _, _) = transfer.entry.state { retryIn = max(0, at - clock()) }
        return TransferSnapshot(entry: transfer.entry, speed: moving ? transfer.meter.bytesPerSecond : 0,
                                eta: moving ? transfer.meter.eta(remaining: transfer.entry.total &- min(transfer.entry.total, transfer.entry.done)) : nil,
                                history: transfer.meter.history, note: transfer.note, retryIn: retryIn,
                                detail: transfer.detail)
    }

    /// Unread events one watcher may have waiting; one more ends its stream (see ``events(replaying:)``).
    public static let watcherBuffer = 4096

    /// Changes as they happen, starting (when `replaying`) with one `.updated` per transfer.
    /// A watcher that falls ``watcherBuffer`` events behind has its stream finished rather
    /// than silently missing some: it should take a fresh snapshot and watch again.
    public func events(replaying: Bool = true) -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self, bufferingPolicy: .bufferingNewest(Self.watcherBuffer))
        let key = nextWatcher
        nextWatcher += 1
        watchers[key] = continuation
        continuation.onTermination = { _ in Task { await self.unwatch(key) } }
        if replaying { for snapshot in snapshot().transfers { continuation.yield(.updated(snapshot)) } }
        return stream
    }

    /// Waits until none of `ids` is queued, running or retrying; returns their snapshots.
    public func settle(_ ids: [Int64]) async -> [TransferSnapshot] {
        while !Task.isCancelled, ids.contains(where: { live[$0].map { !$0.entry.state.isFinished && $0.entry.state != .paused } ?? false }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return ids.compactMap { snapshot(of: $0) }
    }

    // MARK: Running

    private func schedule() {
        guard !stopping else { return }
        let entries = live.values.filter { !$0.elsewhere && !leaving.contains($0.entry.id) }
            .map { QueuePlanner.Entry(id: $0.entry.id, priority: $0.entry.priority, state: $0.entry.state) }
        let plan = QueuePlanner.plan(entries, maximumActive: settings.maximumActive)
        for id in plan.requeue {
            stopRun(id)
            change(id) { $0.entry.state = .queued }
        }
        // One whose last run is still ending (paused and resumed at once) keeps the slot the
        // plan gave it and starts when that run is over (``finish``), never beside it.
        for id in plan.start where live[id]?.work == nil {
            if claims?.holds(id) != true, claims?.claim(id) == false {
                live[id]?.elsewhere = true  // another process took it first
                continue
            }
            launch(id)
        }
    }

    /// Cancels a transfer's run and waits for it to end; nothing starts it again meanwhile.
    private func stopAndWait(_ id: Int64) async {
        guard let work = live[id]?.work else { return }
        leaving.insert(id)
        defer { leaving.remove(id) }
        work.cancel()
        _ = await work.value
    }

    /// Cancels a transfer's run. Its claim stays until the run has ended (``finish``): a
    /// cancelled download may still be writing its part file, which another process (or a
    /// resume here) must not open meanwhile. With no run, nothing holds it.
    private func stopRun(_ id: Int64) {
        guard let work = live[id]?.work else { return claims?.release(id) ?? () }
        work.cancel()
    }

    private func launch(_ id: Int64) {
        guard let request = live[id]?.entry.request else { return }
        runs += 1
        let run = runs
        let (runner, limiter) = (runner, limiter)
        let (stream, continuation) = AsyncStream.makeStream(of: RunnerEvent.self)
        let work = Task { () -> Result<String?, TransferError> in
            defer { continuation.finish() }
            do throws(TransferError) {
                return .success(try await runner.run(request, grant: { try await limiter.grant(id, $0) }, report: { continuation.yield($0) }))
            } catch {
                return .failure(error)
            }
        }
        change(id) {
            $0.entry.state = .active
            $0.entry.phase = ""  // a new run starts before its first phase (a resume said the last run's "sending" first)
            $0.note = nil  // and before its first note (a resume printed the last run's "helper already has 136 MiB")
            $0.run = run
            $0.work = work
            $0.meter.restart()
            $0.carried = ($0.detail.retries, $0.detail.resent)
        }
        Task {
            for await event in stream { self.apply(id, run: run, event) }
            self.finish(id, run: run, await work.value)
        }
    }

    private func apply(_ id: Int64, run: Int, _ event: RunnerEvent) {
        guard live[id]?.run == run, live[id]?.entry.state.holdsSlot == true else { return }
        let now = clock()
        switch event {
        case .phase(let phase):
            // Runners say their phase with every step (each piece keyed or hashed): only a new
            // one is news. Saying it again wrote the journal each time, outside the progress
            // saves' interval.
            // Each phase counts its own bytes (file read, ciphertext sent from the helper's
            // offset, share bytes pushed): the meter starts again, or a resumed upload's jump
            // to the helper's offset read as a burst of speed (25 MiB/s under a 2.9 MiB/s limit).
            if live[id]!.entry.phase != phase {
                change(id) {
                    $0.entry.phase = phase
                    $0.meter.restart()
                }
            }
        case .countAfresh:
            live[id]!.meter.rebase()
        case .progress(let done, let total):
            let wasRetrying = live[id]!.entry.state != .active
            live[id]!.entry.done = done
            live[id]!.entry.total = total
            // Back from a retry: the wait is not a slow stretch (the first sample after a
            // 3-minute outage spread its bytes over the outage, and the ETA read 8:40:08).
            if wasRetrying { live[id]!.meter.rebase() }
            live[id]!.meter.record(bytes: done, now: now)
            if wasRetrying {
                change(id) { $0.entry.state = .active }
            } else {
                if now - live[id]!.lastSaved >= settings.saveInterval { saveProgress(id) }
                if now - live[id]!.lastEvent >= 0.1 { emit(id) }
            }
        case .retrying(let delay, let error):
            change(id) { $0.entry.state = .retrying(at: now + delay, code: error.code, message: error.message) }
        case .note(let text):
            change(id) { $0.note = text }
        case .detail(let reported):
            var detail = reported.keeping(live[id]!.detail)
            detail.retries += live[id]!.carried.retries
            detail.resent += live[id]!.carried.resent
            live[id]!.detail = detail
            if now - live[id]!.lastEvent >= 0.1 { emit(id) }
        }
    }

    private func finish(_ id: Int64, run: Int, _ outcome: Result<String?, TransferError>) {
        guard live[id]?.run == run else { return }
        live[id]?.work = nil
        // Stopping (the agent stops, Ctrl-C), the state stays for the next start, and the
        // run's last progress is kept with it: the journal had it only up to a second old.
        guard !stopping else { return saveProgress(id) }
        // Paused or sent back to the queue meanwhile, the outcome is not the transfer's; nor
        // is it one being removed, whose last word is `removed` (it said `queued` on the way,
        // which a script's `put --json` read as the transfer's state).
        if live[id]?.entry.state.holdsSlot == true, !leaving.contains(id) {
            switch outcome {
            case .success(let cap):
                change(id) { transfer in
                    transfer.entry.state = .done
                    if let cap { transfer.entry.cap = cap }
                    transfer.entry.done = transfer.entry.total
                }
                if live[id]?.entry.request.kind == "upload" { sweepSpools() }
            case .failure(.cancelled):
                change(id) { $0.entry.state = .queued }
            case .failure(let error):
                change(id) { $0.entry.state = .failed(code: error.code, message: error.message) }
            }
        }
        // One queued again (a resume while it was ending) starts under the claim it holds:
        // let go and taken again, the lock could still be held by a child process between
        // its fork and exec (a copy of the descriptor), and the transfer would pass for
        // another process's. Otherwise the claim goes now that the run is over.
        schedule()
        if live[id]?.work == nil { claims?.release(id) }
    }

    /// Applies `body`, writes the journal (the state only when it changed), tells the watchers.
    private func change(_ id: Int64, _ body: (inout Live) -> Void) {
        guard let before = live[id]?.entry.state else { return }
        body(&live[id]!)
        if live[id]!.entry.state != before { save(id) } else { saveProgress(id) }
        emit(id)
    }

    private func save(_ id: Int64) {
        guard var entry = live[id]?.entry else { return }
        // A pause another process wrote since our last save wins over a transfer still
        // queued or running here (it is not lost to a state change racing with it). Not while
        // this engine's own write of it waits for its commit: the journal's is older then.
        if deferredSaves?[id] == nil, entry.state == .queued || entry.state.holdsSlot, let recorded = try? journal.stateName(id),
           recorded == "paused", recorded != live[id]?.savedState {
            stopRun(id)
            live[id]?.entry.state = .paused
            entry.state = .paused
        }
        live[id]?.lastSaved = clock()
        live[id]?.savedState = entry.state.name
        if deferredSaves != nil { return deferredSaves![id] = entry }
        do { try journal.save(entry) } catch { live[id]?.note = "the journal could not be written: \(error)" }
    }

    private func saveProgress(_ id: Int64) {
        guard let entry = live[id]?.entry else { return }
        live[id]?.lastSaved = clock()
        do { try journal.saveDetails(entry) } catch { live[id]?.note = "the journal could not be written: \(error)" }
    }

    private func emit(_ id: Int64) {
        live[id]?.lastEvent = clock()
        if let snapshot = snapshot(of: id) { broadcast(.updated(snapshot)) }
    }

    private func broadcast(_ event: EngineEvent) {
        for (key, watcher) in watchers {
            if case .dropped = watcher.yield(event) {
                watcher.finish()
                watchers[key] = nil
            }
        }
    }

    private func unwatch(_ key: Int) { watchers[key] = nil }
}
