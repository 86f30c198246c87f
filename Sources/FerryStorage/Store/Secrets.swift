import Crypto

/// The secret that authorizes writes to one upload (opaque bytes, 1–64 here; Tahoe sends 32).
public struct UploadSecret: Sendable, Hashable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) throws(StorageError) {
        guard (1...64).contains(bytes.count) else { throw .badSecret("upload-secret must be 1 to 64 bytes, got \(bytes.count)") }
        self.bytes = bytes
    }

    /// What stores keep instead of the secret itself.
    public var digest: [UInt8] { Array(SHA256.hash(data: bytes)) }
}

/// Lease renewal and cancellation secrets (32 bytes each, as the protocol requires).
public struct LeaseSecrets: Sendable, Hashable {
    public let renew: [UInt8]
    public let cancel: [UInt8]

    public init(renew: [UInt8], cancel: [UInt8]) throws(StorageError) {
        guard renew.count == 32 else { throw .badSecret("lease-renew-secret must be 32 bytes, got \(renew.count)") }
        guard cancel.count == 32 else { throw .badSecret("lease-cancel-secret must be 32 bytes, got \(cancel.count)") }
        self.renew = renew
        self.cancel = cancel
    }

    /// What stores keep to recognise a renewal.
    public var renewDigest: [UInt8] { Array(SHA256.hash(data: renew)) }
}
