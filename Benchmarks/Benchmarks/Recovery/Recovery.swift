import AsyncHTTPClient
import FaultProxy
import FerryClient
import FerryCore
import FerryStorage
import Foundation

/// How Ferry's client comes back from breaks (issue 6), against a running grid given by
/// FERRY_HELPER and FERRY_STORAGE (Benchmarks/recovery.sh starts one): uploads through a
/// fault proxy in front of the helper, downloads through one in front of each storage
/// server, with the retry policy's defaults.
///  - cuts every 16 MiB: bytes sent again per cut, and how soon data flows once each backoff
///    wait ends;
///  - an outage: the link is cut and refuses connections for 3 s; how soon data flows once
///    the link is back and the backoff wait that follows ends.
/// Prints markdown.
@main struct Recovery {
    static let cutEvery: UInt64 = 16 << 20
    static let outage = 3.0

    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        let helper = try NURL(parsing: environment["FERRY_HELPER"] ?? "")
        let storage = try (environment["FERRY_STORAGE"] ?? "").split(separator: ",").map { try NURL(parsing: String($0)) }
        let size = (Int(environment["FERRY_BENCH_MIB"] ?? "") ?? 256) << 20
        let work = environment["FERRY_BENCH_WORK"] ?? NSTemporaryDirectory()
        let secret = ConvergenceSecret.random()
        let http = StorageClient.makeHTTPClient()
        do {
            try await measure(helper: helper, storage: storage, size: size, work: work, secret: secret, http: http)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    static func measure(helper: NURL, storage: [NURL], size: Int, work: String, secret: ConvergenceSecret, http: HTTPClient) async throws {
        emit("| \(size >> 20) MiB on loopback, default retry policy | breaks | sent again | per break | data flowing after the wait ends (median / max) | after the link is back |")
        emit("|---|---|---|---|---|---|")
        let cuts = try await upload(random(size, to: "\(work)/cuts"), helper, secret, http, outage: false)
        emit(cuts.row("upload, cut every 16 MiB"))
        emit(try await upload(random(size, to: "\(work)/outage"), helper, secret, http, outage: true).row("upload, 3 s outage"))
        let clean = try await download(cuts.cap, storage, http, to: "\(work)/clean", faults: nil)
        emit(try await download(cuts.cap, storage, http, to: "\(work)/copy-cuts", faults: false, baseline: clean.crossed).row("download, cut every 16 MiB per server"))
        emit(try await download(cuts.cap, storage, http, to: "\(work)/copy-outage", faults: true, baseline: clean.crossed).row("download, 3 s outage"))
        for name in ["copy-cuts", "copy-outage"] {
            guard FileManager.default.contentsEqual(atPath: "\(work)/cuts", andPath: "\(work)/\(name)") else {
                throw BenchmarkFailure(description: "\(name) differs from the file uploaded")
            }
        }
    }

    static func upload(_ path: String, _ helper: NURL, _ secret: ConvergenceSecret, _ http: HTTPClient,
                       outage: Bool) async throws -> Measured {
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! UInt64
        let proxy = try FaultProxy(targetPort: helper.port, plan: FaultPlan(cutEvery: outage ? size / 2 : cutEvery))
        defer { proxy.close() }
        let through = NURL(spkiHash: helper.spkiHash, host: "127.0.0.1", port: proxy.port, swissnum: helper.swissnum)
        let timeline = FlowTimeline()
        let sampler = timeline.sample { proxy.forwarded }
        let linkUp = outage ? watchForCut([proxy], timeline) : nil
        let sent = SentCounter()
        let uploader = Uploader(helper: HelperClient(transport: StorageClient(nurl: through, http: http)), secret: secret)
        let cap = try await uploader.upload(path) { event in
            switch event {
            case .sent(let count): sent.add(count)
            case .retrying(let delay, _): timeline.retrying(after: delay)
            default: break
            }
        }
        sampler.cancel()
        let up = await linkUp?.value
        return Measured(cap: cap, breaks: proxy.cuts, again: sent.total - size, timeline: timeline, linkUp: up, crossed: proxy.forwarded)
    }

    /// `faults`: nil for a clean run, false for cuts every 16 MiB, true for an outage.
    static func download(_ cap: Cap, _ storage: [NURL], _ http: HTTPClient, to path: String, faults: Bool?,
                         baseline: UInt64 = 0) async throws -> Measured {
        let plan = faults.map { FaultPlan(cutEvery: $0 ? nil : cutEvery) } ?? FaultPlan()
        let proxies = try storage.map { try FaultProxy(targetPort: $0.port, plan: plan) }
        defer { proxies.forEach { $0.close() } }
        let timeline = FlowTimeline()
        let crossed: @Sendable () -> UInt64 = { proxies.reduce(0) { $0 + $1.forwarded } }
        let sampler = timeline.sample(crossed)
        var linkUp: Task<Double, Never>?
        if faults == true {
            // Cut every server's connections once half the file has crossed (at most one cut each).
            guard case .chk(let chk) = cap else { throw BenchmarkFailure(description: "not a CHK cap") }
            let half = chk.size / 2 / UInt64(chk.needed)
            for proxy in proxies { proxy.update { $0.cutEvery = half } }
            linkUp = watchForCut(proxies, timeline)
        }
        let servers = zip(storage, proxies).map { nurl, proxy in
            StorageClient(nurl: NURL(spkiHash: nurl.spkiHash, host: "127.0.0.1", port: proxy.port, swissnum: nurl.swissnum), http: http)
        }
        try await Downloader(servers: servers).download(cap, to: .file(path)) { event in
            if case .retrying(let delay, _) = event { timeline.retrying(after: delay) }
        }
        sampler.cancel()
        let up = await linkUp?.value
        let total = crossed()
        return Measured(cap: cap, breaks: proxies.reduce(0) { $0 + $1.cuts }, again: total > baseline && faults != nil ? total - baseline : 0,
                        timeline: timeline, linkUp: up, crossed: total)
    }

    /// Once any proxy has cut, makes every proxy refuse connections (and cut no more) for
    /// the outage; answers when the link came back, in timeline time.
    static func watchForCut(_ proxies: [FaultProxy], _ timeline: FlowTimeline) -> Task<Double, Never> {
        Task.detached {
            while proxies.allSatisfy({ $0.cuts == 0 }) { try? await Task.sleep(for: .milliseconds(1)) }
            let up = timeline.now + outage
            for proxy in proxies {
                let until = proxy.now + outage
                proxy.update {
                    $0.refuseUntil = until
                    $0.cutEvery = nil
                }
            }
            // Connections still open on the other proxies are cut as well.
            try? await Task.sleep(for: .milliseconds(1))
            for proxy in proxies where proxy.cuts == 0 { proxy.cutOpenConnections() }
            return up
        }
    }

    /// Writes one row at once (print would hold it back while stdout is a file).
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func random(_ size: Int, to path: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var data = Data(capacity: size)
        while data.count < size {
            for index in stride(from: 0, to: chunk.count, by: 8) {
                withUnsafeBytes(of: generator.next() as UInt64) { chunk.replaceSubrange(index..<index + 8, with: $0) }
            }
            data.append(contentsOf: chunk.prefix(size - data.count))
        }
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw BenchmarkFailure(description: "cannot create \(path)") }
        return path
    }
}
