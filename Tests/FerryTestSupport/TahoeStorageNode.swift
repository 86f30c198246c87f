import Foundation

/// A real Tahoe-LAFS 1.20 storage node on loopback (`tahoe create-node` + `tahoe run`),
/// from the test venv; its NURL is built as Tahoe builds it (SPKI hash of `node.pem`,
/// swissnum from `private/storage.furl`, the tub location). Stopped at deinit.
public final class TahoeStorageNode: @unchecked Sendable {
    public let directory: String
    public let nurl: String
    private let process: Process

    /// Creates and starts a node, waiting off Swift's task pool (``OffThePool``).
    public static func start() async throws -> TahoeStorageNode {
        try await OffThePool.run { try TahoeStorageNode() }
    }

    private init() throws {
        // Tried again on a new port: in the parallel test phase a port found free was taken
        // before the node bound it, and the storage API "never answered" (another node, or an
        // outgoing connection, had it).
        var failure: Error?
        for _ in 1...3 {
            do {
                let launched = try Self.launch()
                (directory, nurl, process) = (launched.directory, launched.nurl, launched.process)
                let (started, directory) = (HandedOver(launched.process), launched.directory)
                stopping = CleanupOnce { Self.terminateAndRemove(started.value, directory) }
                return
            } catch {
                failure = error
            }
        }
        throw failure!
    }

    private struct Launched {
        let directory: String
        let nurl: String
        let process: Process
    }

    /// Creates a node on a port below the kernel's ephemeral range (one an outgoing
    /// connection cannot hold), starts it and waits until its storage API answers; stopped
    /// and removed when it does not.
    private static func launch() throws -> Launched {
        let directory = NSTemporaryDirectory() + "ferry-tahoe-node-" + UUID().uuidString
        let port = try Int(TahoePython.runBlocking("""
            import random, socket
            while True:
                port = random.randrange(20000, 32000)
                s = socket.socket()
                try:
                    s.bind(("127.0.0.1", port)); break
                except OSError:
                    pass
                finally:
                    s.close()
            print(port)
            """).trimmingCharacters(in: .whitespacesAndNewlines))!
        let tahoe = URL(fileURLWithPath: TahoePython.executable).deletingLastPathComponent().appendingPathComponent("tahoe").path
        try Self.run(tahoe, ["create-node", "--port", "tcp:\(port):interface=127.0.0.1", "--location", "tcp:127.0.0.1:\(port)",
                             "--webport", "none", "--nickname", "ferry-test", directory])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tahoe)
        process.arguments = ["run", "--allow-stdin-close", directory]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try Spawning.run(process)
        do {
            let furl = directory + "/private/storage.furl"
            let deadline = Date().addingTimeInterval(60)
            while !(FileManager.default.fileExists(atPath: furl) && Self.accepts(port: port)) {
                guard Date() < deadline, process.isRunning else { throw TahoePython.Failure(message: "tahoe storage node did not start") }
                Thread.sleep(forTimeInterval: 0.2)
            }
            let swissnum = try String(contentsOfFile: furl, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: "/").last!
            let hash = try TahoePython.runBlocking("""
                import sys
                from cryptography.x509 import load_pem_x509_certificate
                from allmydata.storage.http_common import get_spki_hash
                print(get_spki_hash(load_pem_x509_certificate(open(sys.argv[1], "rb").read())).decode())
                """, arguments: [directory + "/private/node.pem"]).trimmingCharacters(in: .whitespacesAndNewlines)
            // Listening is not serving: wait until the storage API answers (a busy machine can
            // take a while between the two).
            _ = try TahoePython.runBlocking("""
                import base64, ssl, sys, time, urllib.request
                context = ssl.create_default_context(); context.check_hostname = False; context.verify_mode = ssl.CERT_NONE
                request = urllib.request.Request(f"https://127.0.0.1:{sys.argv[1]}/storage/v1/version",
                    headers={"Authorization": "Tahoe-LAFS " + base64.b64encode(sys.argv[2].encode()).decode()})
                for _ in range(150):
                    try:
                        urllib.request.urlopen(request, context=context, timeout=5).read(); sys.exit(0)
                    except Exception:
                        time.sleep(0.2)
                sys.exit("the storage API never answered")
                """, arguments: [String(port), String(swissnum)])
            return Launched(directory: directory, nurl: "pb://\(hash)@127.0.0.1:\(port)/\(swissnum)#v=1", process: process)
        } catch {
            terminateAndRemove(process, directory)
            throw error
        }
    }

    private let stopping: CleanupOnce

    /// Stops the node, waiting off Swift's task pool; deinit stops it otherwise.
    public func stop() async { await stopping.run() }

    deinit { stopping.runNow() }

    /// SIGTERM, a few seconds' grace, then SIGKILL; never Process.waitUntilExit, which
    /// spins a run loop at full CPU while it waits.
    private static func terminateAndRemove(_ process: Process, _ directory: String) {
        if process.isRunning {
            process.terminate()
            for _ in 0..<50 where process.isRunning { usleep(100_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            for _ in 0..<50 where process.isRunning { usleep(100_000) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try Spawning.run(process)
        Spawning.waitForExit(process)
        guard process.terminationStatus == 0 else { throw TahoePython.Failure(message: "tahoe \(arguments.first ?? "") failed") }
    }

    private static func accepts(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
