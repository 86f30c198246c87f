/// The secrets a client sends in `X-Tahoe-Authorization: <kind> <base64>` headers.
public enum SecretKind: String, Sendable, Hashable, CaseIterable {
    case leaseRenew = "lease-renew-secret"
    case leaseCancel = "lease-cancel-secret"
    case upload = "upload-secret"
    case writeEnabler = "write-enabler"
}
