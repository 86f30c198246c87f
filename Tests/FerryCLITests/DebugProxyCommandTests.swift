import FerryTestSupport
import Foundation
import Glibc
import Testing

/// `ferry debug proxy`: the fault proxy by hand, in front of a server that echoes.
@Suite struct DebugProxyCommandTests {
    @Test func itSaysWhereToConnectAndHoldsEveryByteForTheRoundTrip() throws {
        let asked = try Self.echoThroughProxy(["--rtt", "300"], bytes: 4)
        #expect(asked >= .milliseconds(300), "the echo came back after a whole round trip")
    }

    /// A rate passes bytes, at that rate (a rate once went in as a double's bit pattern,
    /// about 1e-317 bytes a second: nothing crossed).
    @Test func aRateLetsBytesThroughAtThatRate() throws {
        let took = try Self.echoThroughProxy(["--rate", "1M"], bytes: 600_000)
        // 1.2 MB crossed (600 kB each way) at 1 MiB/s both ways together.
        #expect(took >= .milliseconds(900), "\(took)")
    }

    /// Sends `bytes` through `ferry debug proxy ARGUMENTS` to an echo server and reads them
    /// back (the same bytes, checked); returns how long that took.
    static func echoThroughProxy(_ arguments: [String], bytes count: Int) throws -> Duration {
        let echo = try EchoServer()
        let process = Process()
        process.executableURL = FerryProcess.executable
        process.arguments = ["debug", "proxy", "--to", String(echo.port)] + arguments
        let out = Spawning.pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try Spawning.run(process)
        defer {
            process.terminate()
            Spawning.waitForExit(process)
        }
        // The first line is the port to use instead (a NURL would come back as a NURL).
        var line = Data()
        while line.last != UInt8(ascii: "\n") {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += byte
        }
        let port = try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(port != echo.port)
        let client = try EchoServer.connect(to: port)
        defer { close(client) }
        // A proxy that passes nothing fails the test in 30 s instead of hanging it.
        var patience = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &patience, socklen_t(MemoryLayout<timeval>.size))
        let sent = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let asked = ContinuousClock.now
        Thread.detachNewThread { _ = EchoServer.send(client, sent[...]) }
        var reply = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let read = reply.withUnsafeMutableBytes { Glibc.read(client, $0.baseAddress! + got, count - got) }
            guard read > 0 else { break }
            got += read
        }
        let took = ContinuousClock.now - asked
        // Compared apart: a failed #expect of two large arrays works out their difference,
        // for many minutes.
        let same = reply == sent
        #expect(same, "\(got) of \(count) bytes came back, the same: \(same)")
        return took
    }

    @Test func aTargetThatIsNeitherANURLNorAPortIsRefused() throws {
        for target in ["pb://nonsense", "0", "70000", "example.org:80"] {
            let run = try FerryProcess.runBlocking(["debug", "proxy", "--to", target])
            #expect(run.status == 64 && run.stderr.contains("--to \(target): neither a NURL nor a port"), "\(target): \(run.status) \(run.stderr)")
        }
        let run = try FerryProcess.runBlocking(["debug", "proxy", "--to", "4000", "--rate", "fast"])
        #expect(run.status == 64 && run.stderr.contains("--rate fast: not a rate"), "\(run.stderr)")
    }
}
