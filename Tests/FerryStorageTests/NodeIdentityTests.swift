import FerryStorage
import FerryTestSupport
import Foundation
import Testing

@Suite struct NodeIdentityTests {
    @Test func spkiHashMatchesTahoeLAFS() async throws {
        let identity = try NodeIdentity.generate()
        let path = NSTemporaryDirectory() + "ferry-cert-\(UUID().uuidString).pem"
        try identity.certificatePEM.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tahoe = try await TahoePython.run("""
            import sys
            from cryptography.x509 import load_pem_x509_certificate
            from allmydata.storage.http_common import get_spki_hash
            print(get_spki_hash(load_pem_x509_certificate(open(sys.argv[1], "rb").read())).decode())
            """, arguments: [path])
        #expect(tahoe.trimmingCharacters(in: .whitespacesAndNewlines) == Base64URL.encode(identity.spkiHash))
    }

    @Test func nurlRoundTripsAndMatchesTahoesParser() async throws {
        let identity = try NodeIdentity.generate()
        let nurl = identity.nurl(host: "127.0.0.1", port: 4567)
        #expect(try NURL(parsing: nurl.description) == nurl)
        let parsed = try await TahoePython.run("""
            import sys
            from hyperlink import DecodedURL
            url = DecodedURL.from_text(sys.argv[1])
            print(url.scheme, url.host, url.port, url.path[0], url.user, url.fragment)
            """, arguments: [nurl.description])
        #expect(parsed.trimmingCharacters(in: .whitespacesAndNewlines)
            == "pb 127.0.0.1 4567 \(identity.swissnum) \(Base64URL.encode(identity.spkiHash)) v=1")
        #expect(try NURL(parsing: "pb://\(Base64URL.encode(identity.spkiHash))@[::1]:80/abc#v=1").host == "::1")
        for bad in ["http://x@h:1/s#v=1", "pb://short@h:1/s#v=1", "pb://\(Base64URL.encode(identity.spkiHash))@h/s#v=1",
                    "pb://\(Base64URL.encode(identity.spkiHash))@h:99999/s#v=1", "pb://\(Base64URL.encode(identity.spkiHash))@h:1/s#v=2",
                    "pb://\(Base64URL.encode(identity.spkiHash))@h:1/a/b#v=1"] {
            #expect(throws: StorageError.self, "\(bad)") { try NURL(parsing: bad) }
        }
    }

    @Test func identityIsCreatedOnceAndReused() throws {
        let basedir = NSTemporaryDirectory() + "ferry-node-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: basedir) }
        let first = try NodeIdentity.loadOrCreate(basedir: basedir)
        let second = try NodeIdentity.loadOrCreate(basedir: basedir)
        #expect(first.spkiHash == second.spkiHash && first.swissnum == second.swissnum)
        let attributes = try FileManager.default.attributesOfItem(atPath: basedir + "/private/node.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
