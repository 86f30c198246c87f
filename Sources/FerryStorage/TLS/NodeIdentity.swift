import Crypto
import FerryCore
import FerryIO
import Foundation
import X509

/// A server's TLS identity and swissnum, created on first start and kept in
/// `BASEDIR/private/` (`node.key` 0600, `node.pem`, `swissnum`); later starts reuse them,
/// so the NURL stays the same.
public struct NodeIdentity: Sendable {
    public let certificatePEM: String
    public let privateKeyPEM: String
    public let swissnum: String
    /// SHA-256 of the certificate's DER SubjectPublicKeyInfo.
    public let spkiHash: [UInt8]

    /// A fresh P-256 key, a self-signed certificate valid for 100 years, a random swissnum.
    public static func generate(now: Date = Date()) throws -> NodeIdentity {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("ferry node") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(100 * 365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions { Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0)) },
            issuerPrivateKey: .init(key))
        var random = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        return try NodeIdentity(certificatePEM: certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation,
                                swissnum: Base32.encode(secret))
    }

    /// An identity from its parts; computes the SPKI hash.
    public init(certificatePEM: String, privateKeyPEM: String, swissnum: String) throws {
        let certificate = try Certificate(pemEncoded: certificatePEM)
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.swissnum = swissnum
        spkiHash = try Self.spkiHash(of: certificate)
    }

    /// SHA-256 over the certificate's DER SubjectPublicKeyInfo (what a NURL pins).
    public static func spkiHash(of certificate: Certificate) throws -> [UInt8] {
        Array(SHA256.hash(data: try certificate.publicKey.serializeAsPEM().derBytes))
    }

    /// The NURL clients use to reach this node at `host:port`.
    public func nurl(host: String, port: Int) -> NURL { NURL(spkiHash: spkiHash, host: host, port: port, swissnum: swissnum) }

    /// Loads the identity kept in `basedir/private`, creating it on first use.
    public static func loadOrCreate(basedir: String) throws -> NodeIdentity {
        let directory = basedir + "/private"
        let paths = (key: directory + "/node.key", certificate: directory + "/node.pem", swissnum: directory + "/swissnum")
        if Directory.fileExists(paths.key) {
            func text(_ path: String) throws -> String { String(decoding: try PosixFile.openForReading(path).readAll(), as: UTF8.self) }
            return try NodeIdentity(certificatePEM: try text(paths.certificate), privateKeyPEM: try text(paths.key),
                                    swissnum: try text(paths.swissnum).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let identity = try generate()
        try Directory.create(directory)
        _ = chmod(directory, 0o700)
        try Directory.writeAtomically(Array(identity.certificatePEM.utf8), to: paths.certificate)
        try Directory.writeAtomically(Array((identity.swissnum + "\n").utf8), to: paths.swissnum)
        try Directory.writeAtomically(Array(identity.privateKeyPEM.utf8), to: paths.key, mode: 0o600)
        return identity
    }
}
