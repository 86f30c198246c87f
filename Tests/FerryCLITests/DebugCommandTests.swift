import Foundation
import FerryTestSupport
import Testing

@Suite struct DebugCommandTests {
    @Test func encodeDecodeRoundTripsAFile() async throws {
        let scratch = try Scratch()
        let data = randomBytes(3_000_001, seed: 1)
        let input = try scratch.write("input", data)
        let encoded = try await FerryProcess.run(["debug", "encode", input, "--out", scratch.path("shares")])
        #expect(encoded.status == 0, "\(encoded.stderr)")
        let cap = encoded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(cap.hasPrefix("URI:CHK:") && cap.hasSuffix(":3:10:3000001"))
        let decoded = try await FerryProcess.run(["debug", "decode", cap, "--shares", scratch.path("shares"), "-o", scratch.path("output")])
        #expect(decoded.status == 0, "\(decoded.stderr)")
        #expect(try scratch.read("output") == data)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("output.part")))
    }

    @Test func convergentCapMatchesTahoeAndIsStable() async throws {
        let scratch = try Scratch()
        // Same secret, plaintext rule and expected cap as fixture chk-56-k3n10 (real Tahoe-LAFS).
        let secret = CHKFixtures.shared.convergence_secret_base32
        let fixture = CHKFixtures.chkCases.first { $0.name == "chk-70000-k3n10-seg131072" }!
        let plaintext = try scratch.write("plain", fixture.plaintext)
        let arguments = ["debug", "encode", plaintext, "--out", scratch.path("s"), "--convergence", secret, "--segment-size", "131072"]
        let first = try await FerryProcess.run(arguments)
        let second = try await FerryProcess.run(arguments + ["--codec", "swift"])
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == fixture.cap)
        #expect(second.stdout == first.stdout)
    }

    @Test func smallFilesBecomeLiteralCaps() async throws {
        let scratch = try Scratch()
        let input = try scratch.write("small", Array("hello ferry".utf8))
        let encoded = try await FerryProcess.run(["debug", "encode", input, "--out", scratch.path("s")])
        #expect(encoded.stdout.hasPrefix("URI:LIT:"))
        let decoded = try await FerryProcess.run(["debug", "decode", encoded.stdout, "-o", "-"])
        #expect(decoded.stdout == "hello ferry")
    }

    @Test func corruptSharesAreNamedAndSkipped() async throws {
        let scratch = try Scratch()
        let data = randomBytes(400_000, seed: 2)
        let input = try scratch.write("input", data)
        let cap = try await FerryProcess.run(["debug", "encode", input, "--out", scratch.path("s"), "--segment-size", "65536"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let index = try FileManager.default.contentsOfDirectory(atPath: scratch.path("s")).first!
        let share0 = scratch.url.appendingPathComponent("s/\(index)/0")
        var bytes = Array(try Data(contentsOf: share0))
        bytes[0x24 + 70_000] ^= 0x40
        try Data(bytes).write(to: share0)
        let decoded = try await FerryProcess.run(["debug", "decode", cap, "--shares", scratch.path("s"), "-o", scratch.path("out")])
        #expect(decoded.status == 0, "\(decoded.stderr)")
        #expect(decoded.stderr.contains("share 0 is corrupt"))
        #expect(try scratch.read("out") == data)

        for share in 1...7 { try FileManager.default.removeItem(at: scratch.url.appendingPathComponent("s/\(index)/\(share)")) }
        let failed = try await FerryProcess.run(["debug", "decode", cap, "--shares", scratch.path("s"), "-o", scratch.path("out2")])
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("core.not_enough_shares"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out2")))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out2.part")), "a failed decode leaves no partial file")
    }

    @Test func badInputGetsStableCodes() async throws {
        let scratch = try Scratch()
        let input = try scratch.write("input", randomBytes(1000, seed: 3))
        let cap = try await FerryProcess.run(["debug", "encode", input, "--out", scratch.path("s")]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var parts = cap.split(separator: ":").map(String.init)
        parts[2] = (parts[2].hasPrefix("a") ? "b" : "a") + parts[2].dropFirst()
        let wrongKey = parts.joined(separator: ":")
        let cases: [([String], Int32, String)] = [
            (["debug", "decode", "URI:CHK:nonsense", "--shares", scratch.path("s")], 65, "core.bad_cap"),
            (["debug", "decode", wrongKey, "--shares", scratch.path("s"), "-o", scratch.path("o")], 65, "core.not_enough_shares"),
            (["debug", "encode", input, "--out", scratch.path("t"), "--needed", "11"], 65, "core.bad_parameters"),
            (["debug", "encode", input, "--out", scratch.path("t"), "--convergence", "NOT-BASE32"], 65, "core.bad_convergence_secret"),
            (["debug", "encode", scratch.path("missing"), "--out", scratch.path("t")], 66, "io.no_input"),
            (["debug", "decode", cap], 64, "--shares DIR is needed"),
        ]
        for (arguments, status, code) in cases {
            let result = try await FerryProcess.run(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(code), "\(arguments): \(result.stderr)")
        }
    }
}

