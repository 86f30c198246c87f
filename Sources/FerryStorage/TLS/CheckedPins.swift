import Crypto
import NIOConcurrencyHelpers
import NIOSSL

/// The pinned TLS settings of every server whose certificate this process has already
/// fetched and checked against its NURL, shared by all clients: a helper made a new client
/// per push, and each fetched the certificate again, over a TLS handshake of its own
/// (600 small uploads kept the helper's two cores busy, session 24). With a
/// ``CertificateKeeper`` (a client's state directory), what another process checked is
/// taken from it, checked again.
enum CheckedPins {
    /// What a pin is checked for: the key at an address (a NURL's swissnum plays no part in TLS).
    private struct Key: Hashable {
        let host: String
        let port: Int
        let spkiHash: [UInt8]
    }

    private static let known = NIOLockedValueBox<[Key: TLSConfiguration]>([:])
    static let keeper = NIOLockedValueBox<(any CertificateKeeper)?>(nil)

    private static func key(_ nurl: NURL) -> Key { Key(host: nurl.host, port: nurl.port, spkiHash: nurl.spkiHash) }

    /// The name a server's certificate is kept under: a hash of its address and key.
    static func keptName(_ nurl: NURL) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array("\(nurl.host)\n\(nurl.port)\n".utf8) + nurl.spkiHash)))
    }

    /// The settings for `nurl`: this process's, or made from a kept certificate whose key
    /// is still the one the NURL pins.
    static func settings(for nurl: NURL) -> TLSConfiguration? {
        if let settings = known.withLockedValue({ $0[key(nurl)] }) { return settings }
        guard let keeper = keeper.withLockedValue({ $0 }), let der = keeper.certificate(named: keptName(nurl)),
              let certificate = try? NIOSSLCertificate(bytes: der, format: .der),
              let spki = try? certificate.extractPublicKey().toSPKIBytes(), Array(SHA256.hash(data: spki)) == nurl.spkiHash else { return nil }
        let settings = PinnedTLS.clientConfiguration(trusting: certificate)
        known.withLockedValue { $0[key(nurl)] = settings }
        return settings
    }

    /// Remembers the settings trusting `certificate`, fetched and checked for `nurl`, and
    /// keeps the certificate where a keeper is set.
    static func remember(_ settings: TLSConfiguration, certificate: NIOSSLCertificate, for nurl: NURL) {
        known.withLockedValue { $0[key(nurl)] = settings }
        if let keeper = keeper.withLockedValue({ $0 }), let der = try? certificate.toDERBytes() {
            keeper.keep(der, named: keptName(nurl))
        }
    }

    /// Forgets a server whose handshake refused the certificate trusted for it: the next
    /// request fetches and checks its certificate again.
    static func forget(_ nurl: NURL) {
        _ = known.withLockedValue { $0.removeValue(forKey: key(nurl)) }
        keeper.withLockedValue { $0 }?.forget(named: keptName(nurl))
    }
}
