/// Where servers' certificates, once fetched and checked against their NURLs, are kept
/// between processes: a command's first request to each server then skips the handshake
/// that fetches the certificate (``PinnedTLS``), a round trip or two per server on a long
/// link. What it gives back is checked against the NURL's SPKI hash again before use, so a
/// file changed on disk can make a fetch happen, never trust another key.
public protocol CertificateKeeper: Sendable {
    /// The DER bytes kept under `name`, if any.
    func certificate(named name: String) -> [UInt8]?
    /// Keeps `der` under `name` (best effort: a keeper that cannot write just does not keep).
    func keep(_ der: [UInt8], named name: String)
    /// Drops what is kept under `name`.
    func forget(named name: String)
}
