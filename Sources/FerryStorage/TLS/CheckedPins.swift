import NIOConcurrencyHelpers
import NIOSSL

/// The pinned TLS settings of every server whose certificate this process has already
/// fetched and checked against its NURL, shared by all clients: a helper made a new client
/// per push, and each fetched the certificate again, over a TLS handshake of its own
/// (600 small uploads kept the helper's two cores busy, session 24).
enum CheckedPins {
    private static let known = NIOLockedValueBox<[String: TLSConfiguration]>([:])

    static func key(_ nurl: NURL) -> String { "\(nurl.host):\(nurl.port)/\(nurl.spkiHash.map { String($0, radix: 16) }.joined())" }

    static func settings(for nurl: NURL) -> TLSConfiguration? { known.withLockedValue { $0[key(nurl)] } }

    static func remember(_ settings: TLSConfiguration, for nurl: NURL) { known.withLockedValue { $0[key(nurl)] = settings } }

    /// Forgets a server whose handshake refused the certificate trusted for it: the next
    /// request fetches and checks its certificate again.
    static func forget(_ nurl: NURL) { _ = known.withLockedValue { $0.removeValue(forKey: key(nurl)) } }
}
