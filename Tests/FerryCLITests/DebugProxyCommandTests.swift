import FerryTestSupport
import Foundation
import Glibc
import Testing

/// `ferry debug proxy`: the fault proxy by hand, in front of a server that echoes.
@Suite struct DebugProxyCommandTests {
    @Test func itSaysWhereToConnectAndHoldsEveryByteForTheRoundTrip() throws {
        let echo = try EchoServer()
        let process = Process()
        process.executableURL = FerryProcess.executable
        process.arguments = ["debug", "proxy", "--to", String(echo.port), "--rtt", "300"]
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
        let asked = ContinuousClock.now
        #expect(EchoServer.send(client, Array("ping".utf8)[...]))
        var reply = [UInt8](repeating: 0, count: 4)
        var got = 0
        while got < 4 {
            let count = reply.withUnsafeMutableBytes { read(client, $0.baseAddress! + got, 4 - got) }
            guard count > 0 else { break }
            got += count
        }
        #expect(String(decoding: reply, as: UTF8.self) == "ping")
        #expect(ContinuousClock.now - asked >= .milliseconds(300), "the echo came back after a whole round trip")
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
