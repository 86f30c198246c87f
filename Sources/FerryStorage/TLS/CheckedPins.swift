import NIOConcurrencyHelpers
import NIOSSL

/// The pinned TLS settings of every server whose certificate this process has already
/// fetched and checked against its NURL, shared by all clients: a helper made a new client
/// per push, and each fetched the certificate again, over a TLS handshake of its own
/// (600 small uploads kept the helper's two cores busy, session 24).
enum CheckedPins {
    /// What a pin is checked for: the key at an address (a NURL's swissnum plays no part in TLS).
    private struct Key: Hashable {
        let host: String
        let port: Int
        let spkiHash: [UInt8]
    }

    private static let known = NIOLockedValueBox<[Key: TLSConfiguration]>([:])

    private static func key(_ nurl: NURL) -> Key { Key(host: nurl.host, port: nurl.port, spkiHash: nurl.spkiHash) }

    static func settings(for nurl: NURL) -> TLSConfiguration? { known.withLockedValue { $0[key(nurl)] } }

    static func remember(_ settings: TLSConfiguration, for nurl: NURL) { known.withLockedValue { $0[key(nurl)] = settings } }

    /// Forgets a server whose handshake refused the certificate trusted for it: the next
    /// request fetches and checks its certificate again.
    static func forget(_ nurl: NURL) { _ = known.withLockedValue { $0.removeValue(forKey: key(nurl)) } }
}
