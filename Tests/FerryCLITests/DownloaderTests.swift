import FaultProxy
import FerryClient
import FerryCore
@testable import FerryStorage
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// The client library's download against real storage servers holding shares a real
/// helper pushed.
@Suite(.serialized) struct DownloaderTests {
    /// Counts what a download reports.
    final class Tally: Sendable {
        let wrote = Mutex(0)
        let replaced = Mutex<[String]>([])
        let resumedFrom = Mutex<UInt64?>(nil)
        let retries = Mutex(0)
        let located = Mutex("")
        /// Servers that did not answer where the shares are, each with its error's code.
        let unanswered = Mutex<[String]>([])
        /// Share bytes read from servers (blocks and hash-tree bands).
        let fetched = Mutex(0)
        /// The most bytes one read brought.
        let largestRead = Mutex(0)
        /// Reads made (each block read, each read of hash-tree bands).
        let reads = Mutex(0)
        /// Waits for a stream's reader said, each with whether the reader had opened it.
        let waits = Mutex<[Bool]>([])
        /// Starts over said (a kept part file that did not verify).
        let startedOver = Mutex(0)
        let startReasons = Mutex<[String]>([])
        /// Called with the bytes written so far, on the download's own thread.
        let onWrote = Mutex<(@Sendable (Int) -> Void)?>(nil)
        /// Servers left out as slow, when the holders were located.
        let slow = Mutex<[String]>([])
        /// Called when the holders are located (before any share is opened).
        let onLocated = Mutex<(@Sendable () -> Void)?>(nil)

        func record(_ event: DownloadEvent) {
            switch event {
            case .wrote(let bytes):
                let total = wrote.withLock { $0 += bytes; return $0 }
                onWrote.withLock { $0 }?(total)
            case .replaced(let share, let server, let reason): replaced.withLock { $0.append("share \(share) on \(server): \(reason)") }
            case .resuming(let have, _): resumedFrom.withLock { $0 = have }
            case .retrying: retries.withLock { $0 += 1 }
            case .startingOver(let reason):
                startedOver.withLock { $0 += 1 }
                startReasons.withLock { $0.append(reason) }
            case .located(_, let servers, let asked):
                located.withLock { $0 = "\(servers) of \(asked)" }
                onLocated.withLock { $0 }?()
            case .slow(let server, _): slow.withLock { $0.append(server) }
            case .unanswered(let server, let error): unanswered.withLock { $0.append("\(server) \(error.code)") }
            case .waitingForReader(_, let opened): waits.withLock { $0.append(opened) }
            case .fetched(_, _, let bytes):
                reads.withLock { $0 += 1 }
                fetched.withLock { $0 += bytes }
                largestRead.withLock { $0 = max($0, bytes) }
            default: break
            }
        }
    }

    /// A grid with a file on it: returns the servers, the cap and the plaintext.
    static func gridWithFile(_ scratch: Scratch, size: Int, servers: Int = 5,
                             encoding: EncodingParameters = UploaderTests.encoding) async throws -> ([NodeProcess], NodeProcess, CHKReadCap, [UInt8]) {
        let (storage, helper) = try await HelperPushTests.startGrid(scratch, servers: servers)
        let plaintext = PatternBytes.linear(size, times: 2_246_822_519 >> 9)
        let path = try scratch.write("original", plaintext)
        guard case .chk(let cap) = try await UploaderTests.upload(path, helper: helper, encoding: encoding) else { throw TransferError.badCap("not CHK") }
        return (storage, helper, cap, plaintext)
    }

    static func download(_ cap: Cap, from nurls: [NURL], to destination: DownloadDestination, tally: Tally = Tally(),
                         windowBytes: Int = 256 << 10, windowGrowth: Int = 4, idleTimeout: Int64 = 10,
                         grant: (@Sendable (Int) async throws -> Int)? = nil) async throws {
        let http = StorageClient.makeHTTPClient(idleTimeout: .seconds(idleTimeout))
        var downloader = Downloader(servers: nurls.map { StorageClient(nurl: $0, http: http, idleTimeout: .seconds(idleTimeout)) },
                                    retry: RetryPolicy(initialDelay: 0.05, maximumDelay: 0.3, maximumTries: 30))
        downloader.windowBytes = windowBytes
        downloader.windowGrowth = windowGrowth
        downloader.grant = grant
        do {
            try await downloader.download(cap, to: destination) { tally.record($0) }
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    @Test func aFileComesBackWholeAndThePartFileGoes() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 3_000_000)
        let tally = Tally()
        // Windows kept as they are (a busy machine's slow answers could make them grow), so
        // the reads can be counted.
        try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(scratch.path("copy")), tally: tally, windowGrowth: 1)
        #expect(FileManager.default.contents(atPath: scratch.path("copy")) == Data(plaintext))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("copy.part")) && !FileManager.default.fileExists(atPath: scratch.path("copy.part.ferry")))
        #expect(tally.wrote.withLock { $0 } == plaintext.count && tally.replaced.withLock { $0 }.isEmpty)
        // 23 segments of 128 KiB, 2 of 5 shares needed, windows of 256 KiB per share (4
        // blocks of 64 KiB): 6 windows of 2 block reads; the hash trees came whole with the
        // shares' openings.
        #expect(tally.reads.withLock { $0 } == 6 * 2)
    }

    /// A file of many segments, whose hash trees are too large to read whole at the
    /// opening: they come a band at a time, the bands near each other in one read.
    @Test func aFileOfManySegmentsReadsItsTreesInBands() async throws {
        let scratch = try Scratch()
        let encoding = EncodingParameters(needed: 2, happy: 4, total: 5, maxSegmentSize: 4 << 10)
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 1100 * 4096 - 100, encoding: encoding)
        let tally = Tally()
        try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(scratch.path("copy")), tally: tally, windowGrowth: 1)
        #expect(FileManager.default.contents(atPath: scratch.path("copy")) == Data(plaintext))
        // 1,100 segments, blocks of 2 KiB, windows of 128 blocks: 9 windows of 2 block
        // reads. Each tree (2,048 leaves padded, 128 KiB) is read a band of each level at a
        // time: one by one, the bands the 9 windows need are 52 reads per share (22 for the
        // first window alone); near ones read together, fewer than half.
        let reads = tally.reads.withLock { $0 }
        #expect(reads > 9 * 2 && reads <= 9 * 2 + 2 * 26, "\(reads) reads")
    }

    /// A download is renamed into place over what was there, so it must never land on a
    /// device or a pipe (`-o /dev/null --force` once made /dev/null a regular file): those are
    /// refused as files, and written to as streams.
    @Test func aPipeIsNeverReplacedButCanBeWrittenTo() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 700_000)
        let pipe = scratch.path("pipe")
        #expect(mkfifo(pipe, 0o600) == 0)
        await #expect(throws: TransferError.self) {
            do { try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(pipe)) } catch let error as TransferError {
                #expect(error.code == "file.not_regular", "\(error)")
                throw error
            }
        }
        var info = stat()
        #expect(lstat(pipe, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the pipe is still a pipe")
        #expect(!FileManager.default.fileExists(atPath: pipe + ".part"))
        // Read on a thread of its own: opening a pipe waits for its writer. The reader comes
        // only once the download has said it waits for one (or after 60 s, failing below).
        let tally = Tally()
        let reader = Task {
            try await OffThePool.run { () -> Data? in
                let deadline = Date().addingTimeInterval(60)
                while tally.waits.withLock({ $0.isEmpty }), Date() < deadline { usleep(50_000) }
                return FileHandle(forReadingAtPath: pipe)?.readDataToEndOfFile()
            }
        }
        var streamed: (any Error)?
        do { try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .stream(pipe), tally: tally) } catch { streamed = error }
        #expect(tally.waits.withLock { $0 } == [false], "one wait for a reader to open the pipe: \(tally.waits.withLock { $0 })")
        let nudge = open(pipe, O_WRONLY | O_NONBLOCK)  // lets the reader go had the download not opened the pipe
        if nudge >= 0 { close(nudge) }
        #expect(streamed == nil, "\(String(describing: streamed))")
        #expect(try await reader.value == Data(plaintext))
        #expect(lstat(pipe, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    /// A pipe whose reader has stopped reading (a pager at its prompt, a stopped job) holds
    /// the download, not a thread of the task pool: the writes wait on a thread of their own,
    /// so the download's task can be cancelled, and ends. It used to sit in `write` on a pool
    /// thread, where no cancellation could reach it.
    @Test func aStoppedReaderHoldsNoPoolThreadAndCancellingEndsTheDownload() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 6_000_000)
        let pipe = scratch.path("pipe")
        #expect(mkfifo(pipe, 0o600) == 0)
        let reader = open(pipe, O_RDONLY | O_NONBLOCK | O_CLOEXEC)  // open, and never read
        #expect(reader >= 0)
        let tally = Tally()
        let download = Task { try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .stream(pipe), tally: tally) }
        // Held once the pipe and the lane are full: nothing more is fetched for a while.
        var last = -1
        for _ in 0..<300 {
            try await Task.sleep(for: .milliseconds(200))
            let fetched = tally.fetched.withLock { $0 }
            if fetched > 0, fetched == last { break }
            last = fetched
        }
        let (fetched, wrote) = (tally.fetched.withLock { $0 }, tally.wrote.withLock { $0 })
        #expect(fetched > 0 && fetched < plaintext.count, "the download is held by its reader: \(fetched) of \(plaintext.count) fetched")
        // Progress counts what the reader took (at most the pipe's 64 KiB), not what waits for it.
        #expect(wrote <= 1 << 16, "\(wrote) bytes said written to a reader that took none")
        // The wait for the reader is said, a second after it began: the reader has the pipe open.
        for _ in 0..<300 where tally.waits.withLock({ $0 }).isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        #expect(tally.waits.withLock { $0 } == [true], "\(tally.waits.withLock { $0 })")
        download.cancel()
        let ended = await Deadline<String>.run(within: 30) {
            do { try await download.value; return "finished" } catch let error as TransferError { return error.code } catch { return "\(error)" }
        }
        #expect(ended == "transfer.cancelled", "\(String(describing: ended))")
        // The reader takes what the lane's thread was writing; the thread then closes the pipe.
        let (rest, closed) = try await OffThePool.run {
            var taken = 0
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let count = read(reader, &buffer, buffer.count)
                if count == 0 { break }
                if count > 0 { taken += count } else { usleep(10_000) }
            }
            let closed = read(reader, &buffer, buffer.count) == 0
            close(reader)
            return (taken, closed)
        }
        #expect(closed, "the lane's thread closed the pipe once its write returned")
        #expect(rest < plaintext.count, "what was queued was dropped, not written: \(rest)")
    }

    /// A paused (cancelled) download ends while its read-ahead waits on a rate limit. The run
    /// awaited the read-ahead task's value, which does not pass cancellation on, so a wait of
    /// minutes under a tiny limit held the paused run, and the agent's stop with it (a user
    /// test: `rate_limit = 5`, then pause: queued for 8 minutes, the agent unstoppable).
    @Test func aDownloadWaitingOnItsReadAheadEndsWhenCancelled() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, _) = try await Self.gridWithFile(scratch, size: 3_000_000)
        // The run's own task (the first to ask) is let through; a read-ahead (a task of its
        // own) waits minutes a piece, as under `rate_limit = 5`.
        let first = Mutex<Int?>(nil)
        let tally = Tally()
        let waiting = Mutex(0)
        let grant: @Sendable (Int) async throws -> Int = { wanted in
            let asker = withUnsafeCurrentTask { $0?.hashValue }
            if first.withLock({ (task: inout Int?) in task = task ?? asker; return task != asker }) {
                waiting.withLock { $0 += 1 }
                try await Task.sleep(for: .seconds(600))
            }
            return wanted
        }
        let download = Task {
            try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(scratch.path("copy")), tally: tally, windowBytes: 64 << 10, grant: grant)
        }
        for _ in 0..<300 where waiting.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .milliseconds(500))
        #expect(waiting.withLock { $0 } > 0, "the download waits on the limit")
        download.cancel()
        let ended = await Deadline<String>.run(within: 30) {
            do { try await download.value; return "finished" } catch let error as TransferError { return error.code } catch { return "\(error)" }
        }
        #expect(ended == "transfer.cancelled", "\(ended ?? "still waiting 30 s after the cancel")")
    }

    /// A rate limit is paid for every byte read, once. A window is at least one segment (k
    /// blocks), which can be more than a grant answers (at most a burst): the rest is
    /// taken before the blocks are read. It was not, so a limit whose burst (a quarter
    /// second) was under a segment let a download through at four segments a second (a
    /// user test: ~4.2 MB/s under 1 and 3 MB/s limits, with 1 MiB segments); and a burst
    /// of one to two segments paid for both and read one. A burst between a block and half
    /// a segment left blocks unpaid (the pieces were the burst, and a block no bigger than a
    /// piece was read as it was): two downloads under a 3M limit ran at 3.8 MiB/s.
    @Test func aRateLimitIsPaidForEveryByteReadOnce() async throws {
        let scratch = try Scratch()
        // k = 3 (the default's): a segment's blocks are 43,691 bytes, three to a segment.
        let encoding = EncodingParameters(needed: 3, happy: 4, total: 5, maxSegmentSize: 128 << 10)
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 1_000_000, encoding: encoding)
        // Limits that never wait, they only count: bursts of a quarter, of between a block and
        // half, and of one and a half of the 128 KiB segment.
        for burst in [32 << 10, 56 << 10, 192 << 10] {
            let tally = Tally()
            let granted = Mutex(0)
            let copy = scratch.path("copy\(burst)")
            try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(copy), tally: tally) { wanted in
                let count = min(wanted, burst)
                granted.withLock { $0 += count }
                return count
            }
            #expect(FileManager.default.contents(atPath: copy) == Data(plaintext))
            let (paid, read) = (granted.withLock { $0 }, tally.fetched.withLock { $0 })
            #expect(read >= plaintext.count, "k blocks per segment: \(read)")
            // Equal on a quiet grid; a read retried after a failure is paid for again.
            #expect(paid >= read && paid <= read + read / 10, "burst \(burst): \(paid) bytes granted for \(read) read")
            // A window larger than a grant is read in pieces of a grant, each paid as it goes,
            // so a slow limit sees a steady flow (a window at a time was ~20 s of silence and
            // then a burst, at 100 KB/s).
            let largest = tally.largestRead.withLock { $0 }
            #expect(largest <= burst, "burst \(burst): a read of \(largest) bytes")
        }
        // Unlimited, a block read is one request (of the test encoding's 128 KiB segment's block).
        let tally = Tally()
        try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(scratch.path("unlimited")), tally: tally) { $0 }
        #expect(tally.largestRead.withLock { $0 } > 32 << 10)
    }

    /// A 4 MB file on a grid, its download to `copy` cancelled after 1.5 MB was written.
    static func interruptedDownload(_ scratch: Scratch) async throws -> ([NodeProcess], CHKReadCap, [UInt8]) {
        let (storage, _, cap, plaintext) = try await gridWithFile(scratch, size: 4_000_000)
        let first = Tally()
        let (nurls, copy) = (storage.map(\.nurl), scratch.path("copy"))
        // Cancelled from the download's own progress: a polling test task, on a busy machine,
        // could wake only once the whole file was in.
        let running = Mutex<Task<Void, any Error>?>(nil)
        first.onWrote.withLock { $0 = { total in if total >= 1_500_000 { running.withLock { $0?.cancel() } } } }
        let task = Task {
            try await download(.chk(cap), from: nurls, to: .file(copy), tally: first, windowBytes: 64 << 10)
        }
        running.withLock { $0 = task }
        while first.wrote.withLock({ $0 }) < 1_500_000 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        _ = await task.result
        #expect(FileManager.default.fileExists(atPath: scratch.path("copy.part.ferry")), "the part file and its record stay")
        return (storage, cap, plaintext)
    }

    @Test func anInterruptedDownloadResumesAtTheFirstMissingSegment() async throws {
        let scratch = try Scratch()
        let (storage, cap, plaintext) = try await Self.interruptedDownload(scratch)
        let second = Tally()
        try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(scratch.path("copy")), tally: second)
        let have = try #require(second.resumedFrom.withLock { $0 })
        #expect(have >= 1_000_000, "resumed from \(have)")
        #expect(UInt64(second.wrote.withLock { $0 }) == UInt64(plaintext.count) - have, "only the missing segments were fetched")
        #expect(FileManager.default.contents(atPath: scratch.path("copy")) == Data(plaintext))
    }

    /// Segments an earlier run left in the part file are not checked against the hash tree
    /// again; the whole ciphertext's (flat) hash covers them, so a part file changed between
    /// runs is caught before the file is put in place, and the file is fetched whole again,
    /// once, by itself (it failed for good, and the person had to delete the part file).
    @Test func aPartFileChangedBetweenRunsIsCaughtAndFetchedAgain() async throws {
        let scratch = try Scratch()
        let (storage, cap, plaintext) = try await Self.interruptedDownload(scratch)
        let (nurls, copy) = (storage.map(\.nurl), scratch.path("copy"))
        let handle = try #require(FileHandle(forUpdatingAtPath: scratch.path("copy.part")))
        try handle.seek(toOffset: 1000)
        let byte = try handle.read(upToCount: 1) ?? Data([0])
        try handle.seek(toOffset: 1000)
        handle.write(Data([byte[0] ^ 0x01]))
        try handle.close()
        let tally = Tally()
        try await Self.download(.chk(cap), from: nurls, to: .file(copy), tally: tally)
        #expect(tally.startedOver.withLock { $0 } == 1, "said once")
        #expect(FileManager.default.contents(atPath: copy) == Data(plaintext), "the right bytes, not the changed part's")
    }

    /// A part file another download (another cap) left at the path is started over, and
    /// said: it went without a word.
    @Test func anotherDownloadsPartFileIsReplacedAndSaid() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 300_000)
        let copy = scratch.path("copy")
        _ = try scratch.write("copy.part.ferry", Array("someotherstorageindex\n999\n0-3\nkeep\n".utf8))
        _ = try scratch.write("copy.part", Array(repeating: 1, count: 999))
        let tally = Tally()
        try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(copy), tally: tally)
        #expect(FileManager.default.contents(atPath: copy) == Data(plaintext))
        #expect(tally.startReasons.withLock { $0 } == ["\(copy).part held part of another download (another cap); it is replaced"], "\(tally.startReasons.withLock { $0 })")
    }

    @Test func aCorruptShareAndADeadServerAreReplaced() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 2_000_000)
        // Kill server 1; corrupt, in the middle of its blocks, the lowest-numbered share left
        // (the one the decoder takes first), so the download must notice and go round it.
        await storage[1].killHard()
        let held = try (0..<storage.count).filter { $0 != 1 }.flatMap { server in
            try Self.shareFiles(scratch.path("storage\(server)/storage/shares")).map { (server: server, path: $0) }
        }
        let victim = try #require(held.min { Int(($0.path as NSString).lastPathComponent)! < Int(($1.path as NSString).lastPathComponent)! })
        let handle = try #require(FileHandle(forUpdatingAtPath: victim.path))
        let middle = try handle.seekToEnd() / 2
        try handle.seek(toOffset: middle)
        let byte = try handle.read(upToCount: 1) ?? Data([0])
        try handle.seek(toOffset: middle)
        handle.write(Data([byte[0] ^ 0xFF]))
        try handle.close()
        let tally = Tally()
        try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(scratch.path("copy")), tally: tally)
        #expect(FileManager.default.contents(atPath: scratch.path("copy")) == Data(plaintext))
        let replaced = tally.replaced.withLock { $0 }
        #expect(replaced.contains { $0.contains(":\(storage[victim.server].nurl.port)") && $0.contains("corrupt") }, "\(replaced)")
        #expect(tally.located.withLock { $0 } == "4 of 5", "the dead server did not answer")
    }

    /// The share files under a storage server's `shares` directory.
    static func shareFiles(_ root: String) throws -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.split(separator: "/").count == 3 && Int(($0 as NSString).lastPathComponent) != nil }
            .map { root + "/" + $0 }
    }

    @Test func aFileNotInTheGridAndBadCapsAreClearErrors() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, _) = try await Self.gridWithFile(scratch, size: 200_000)
        let missing = CHKReadCap(key: Array(repeating: 1, count: 16), uriExtensionHash: cap.uriExtensionHash, needed: 2, total: 5, size: 200_000)
        await #expect(throws: TransferError.self) {
            do { try await Self.download(.chk(missing), from: storage.map(\.nurl), to: .file(scratch.path("x"))) } catch let error as TransferError {
                #expect(error.code == "transfer.not_found", "\(error)")
                throw error
            }
        }
        // The right storage index with a wrong UEB hash: every share fails its check.
        let lying = CHKReadCap(key: cap.key, uriExtensionHash: Array(repeating: 7, count: 32), needed: 2, total: 5, size: cap.size)
        await #expect(throws: TransferError.self) {
            do { try await Self.download(.chk(lying), from: storage.map(\.nurl), to: .file(scratch.path("y"))) } catch let error as TransferError {
                #expect(error.code == "transfer.integrity", "\(error)")
                throw error
            }
        }
        let literal = try Cap(parsing: LiteralCap(data: Array("small".utf8)).description)
        try await Self.download(literal, from: [], to: .file(scratch.path("lit")))
        #expect(FileManager.default.contents(atPath: scratch.path("lit")) == Data("small".utf8))
    }

    /// NURLs with a wrong swissnum or TLS key are refusals to name, not silences to wait out:
    /// with all of them wrong the download ends at once with the refusal's code and the
    /// servers' names (it retried for ever, saying they "did not answer"); with one wrong
    /// among good ones it finishes and says which one refused.
    @Test func storageServersThatRefuseFerryAreNamedAndNotWaitedFor() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 300_000, servers: 4)
        let wrongSwissnum = storage.map { NURL(spkiHash: $0.nurl.spkiHash, host: $0.nurl.host, port: $0.nurl.port, swissnum: "not-" + $0.nurl.swissnum) }
        let wrongKey = storage.map { NURL(spkiHash: Array(repeating: 9, count: 32), host: $0.nurl.host, port: $0.nurl.port, swissnum: $0.nurl.swissnum) }
        for (nurls, code) in [(wrongSwissnum, "storage.unauthorized"), (wrongKey, "storage.wrong_server_key")] {
            let tally = Tally()
            await #expect(throws: TransferError.self) {
                do { try await Self.download(.chk(cap), from: nurls, to: .file(scratch.path("x")), tally: tally) } catch let error as TransferError {
                    #expect(error.code == code && !error.isRetryable, "\(error)")
                    #expect(storage.allSatisfy { error.message.contains(":\($0.nurl.port)") } && error.message.contains("grid.storage"), "\(error.message)")
                    throw error
                }
            }
            #expect(tally.retries.withLock { $0 } == 0, "a refusal is not retried")
            #expect(tally.unanswered.withLock { $0 }.filter { $0.hasSuffix(code) }.count == storage.count, "\(tally.unanswered.withLock { $0 })")
        }
        let tally = Tally()
        var mixed = storage.map(\.nurl)
        mixed[2] = wrongSwissnum[2]
        try await Self.download(.chk(cap), from: mixed, to: .file(scratch.path("copy")), tally: tally)
        #expect(FileManager.default.contents(atPath: scratch.path("copy")) == Data(plaintext))
        #expect(tally.unanswered.withLock { $0 } == ["\(storage[2].nurl.host):\(storage[2].nurl.port) storage.unauthorized"])
        #expect(tally.located.withLock { $0 } == "3 of 4")
    }

    /// A frozen storage server (SIGSTOP: connections taken, nothing answered) holds a
    /// download only a moment, not the idle timeout: it is left out once the others have
    /// named enough shares, or, frozen after they did, once enough other shares are open.
    @Test func aFrozenServerIsLeftOutOnceTheOthersAreEnough() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 300_000)
        let thaw = Task {  // a frozen server is never left frozen, whatever the test does
            try? await Task.sleep(for: .seconds(120))
            for server in storage { server.unpause() }
        }
        defer { thaw.cancel() }
        storage[0].pause()
        let tally = Tally()
        // An idle timeout of a minute: a download that waited for the frozen server would
        // say it did not answer (stalled); one that went on says it is slow.
        try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(scratch.path("copy")), tally: tally, idleTimeout: 60)
        #expect(FileManager.default.contents(atPath: scratch.path("copy")) == Data(plaintext))
        #expect(tally.slow.withLock { $0 } == ["\(storage[0].nurl.host):\(storage[0].nurl.port)"])
        #expect(tally.unanswered.withLock { $0 }.isEmpty && tally.retries.withLock { $0 } == 0)
        #expect(tally.located.withLock { $0 } == "4 of 5")
        storage[0].unpause()
        // Frozen between saying which shares it holds and giving them.
        let late = Tally()
        late.onLocated.withLock { $0 = { storage[1].pause() } }
        try await Self.download(.chk(cap), from: storage.map(\.nurl), to: .file(scratch.path("again")), tally: late, idleTimeout: 60)
        storage[1].unpause()
        #expect(FileManager.default.contents(atPath: scratch.path("again")) == Data(plaintext))
        // Set aside as slow, not after a stall (which would read "stalled" and retry).
        let replaced = late.replaced.withLock { $0 }
        #expect(!replaced.isEmpty && replaced.allSatisfy { $0.contains(":\(storage[1].nurl.port): slow: not open") }, "\(replaced)")
        #expect(late.retries.withLock { $0 } == 0)
    }

    /// Over a long link (100 ms round trips) the windows grow, so fewer round trips carry
    /// the file; the bytes are the same.
    @Test func windowsGrowOverALongLink() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 6_000_000)
        let proxies = try storage.map { try FaultProxy(targetPort: $0.nurl.port, plan: FaultPlan(delay: 0.05)) }
        let nurls = zip(storage, proxies).map { NURL(spkiHash: $0.nurl.spkiHash, host: "127.0.0.1", port: $1.port, swissnum: $0.nurl.swissnum) }
        let tally = Tally()
        try await Self.download(.chk(cap), from: nurls, to: .file(scratch.path("copy")), tally: tally, windowBytes: 256 << 10)
        #expect(FileManager.default.contents(atPath: scratch.path("copy")) == Data(plaintext))
        let largest = tally.largestRead.withLock { $0 }
        #expect(largest > 256 << 10 && largest <= 1 << 20, "the largest read was \(largest) bytes, windows of 256 KiB that may grow to 1 MiB")
        withExtendedLifetime(proxies) {}
    }

    @Test func cutsAndStallsBetweenClientAndServersAreRiddenOut() async throws {
        let scratch = try Scratch()
        let (storage, _, cap, plaintext) = try await Self.gridWithFile(scratch, size: 6_000_000)
        let proxies = try storage.map { try FaultProxy(targetPort: $0.nurl.port, plan: FaultPlan(cutEvery: 700_000, stalls: [.init(afterBytes: 1_000_000, seconds: 3)])) }
        let nurls = zip(storage, proxies).map { NURL(spkiHash: $0.nurl.spkiHash, host: "127.0.0.1", port: $1.port, swissnum: $0.nurl.swissnum) }
        let tally = Tally()
        try await Self.download(.chk(cap), from: nurls, to: .file(scratch.path("copy")), tally: tally, idleTimeout: 1)
        #expect(FileManager.default.contents(atPath: scratch.path("copy")) == Data(plaintext))
        #expect(proxies.reduce(0) { $0 + $1.cuts } >= 3, "the proxies cut")
    }
}
