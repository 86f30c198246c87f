import ArgumentParser
import FaultProxy
import FerryCore
import FerryStorage
import Foundation

/// `ferry debug proxy --to NURL|PORT … [--rtt MS] [--rate RATE] [--cut-every SIZE]`: the
/// tests' fault proxy by hand, to try Ferry over a long, slow or breaking link on one
/// machine (loopback has no delay and `tc netem` is not everywhere).
struct DebugProxy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Put a slow or breaking link in front of a helper or storage servers.",
        discussion: """
            Starts one TCP proxy on 127.0.0.1 per --to (a NURL, or a port on 127.0.0.1) and prints, \
            a line each, the NURL (or port) to use instead; the server's TLS key stays the same, \
            so the NURL's pin still holds. Every connection through it is held back by half \
            the round trip each way, held to the rate (both ways together, per proxy), and cut \
            each time SIZE more bytes have crossed. Runs until interrupted (Ctrl-C).
            """
    )

    @Option(name: .long, help: "A NURL or a port on 127.0.0.1 to proxy to (repeatable).") var to: [String]
    @Option(name: .long, help: "Round-trip time to add, in milliseconds (half each way).") var rtt: Double = 0
    @Option(name: .long, help: "Bandwidth per proxy, both ways together (e.g. 2M, 500kB/s).") var rate: String?
    @Option(name: .long, help: "Cut the connection carrying the byte past every SIZE (e.g. 16MiB).") var cutEvery: String?

    func validate() throws {
        guard !to.isEmpty else { throw ValidationError("name a server with --to NURL or --to PORT") }
        guard rtt >= 0, rtt <= 60_000 else { throw ValidationError("--rtt takes milliseconds from 0 to 60000") }
        if let rate, (ByteSize.parseRate(rate) ?? 0) == 0 { throw ValidationError("--rate \(rate): not a rate (e.g. 2M, 500kB/s)") }
        if let cutEvery, (ByteSize.parse(cutEvery) ?? 0) == 0 { throw ValidationError("--cut-every \(cutEvery): not a size (e.g. 16MiB)") }
        for target in to where Int(target).map({ !(1...65535).contains($0) }) ?? ((try? NURL(parsing: target)) == nil) {
            throw ValidationError("--to \(target): neither a NURL nor a port")
        }
    }

    func run() throws {
        let plan = FaultPlan(cutEvery: cutEvery.flatMap(ByteSize.parse), bytesPerSecond: rate.flatMap(ByteSize.parseRate).map { Double($0) },
                             delay: rtt > 0 ? rtt / 2000 : nil)
        var proxies: [FaultProxy] = []
        for target in to {
            let nurl = try? NURL(parsing: target)
            let proxy = try FaultProxy(targetPort: nurl?.port ?? Int(target)!, plan: plan)
            proxies.append(proxy)
            let through = nurl.map { NURL(spkiHash: $0.spkiHash, host: "127.0.0.1", port: proxy.port, swissnum: $0.swissnum).description }
            // Written at once (print buffers when piped, and this process does not end).
            FileHandle.standardOutput.write(Data(((through ?? String(proxy.port)) + "\n").utf8))
        }
        printError("proxying \(proxies.count) server\(proxies.count == 1 ? "" : "s"); Ctrl-C stops")
        withExtendedLifetime(proxies) {
            while true { sleep(3600) }
        }
    }
}
