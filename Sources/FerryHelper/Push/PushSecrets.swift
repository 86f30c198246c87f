import Crypto
import FerryCore
import FerryStorage

/// The secrets the helper presents to storage servers for one upload, derived from a
/// secret of the helper's own and the storage index, so a restarted helper presents the
/// same ones and resumes its incomplete shares. Lease secrets also depend on the server,
/// as Tahoe's do.
struct PushSecrets: Sendable {
    let upload: UploadSecret
    private let seed: [UInt8]

    init(helperSecret: String, index: StorageIndex) {
        seed = Array(SHA256.hash(data: Array("ferry-helper-push-v1".utf8) + Array(helperSecret.utf8) + index.bytes))
        upload = try! UploadSecret(Array(SHA256.hash(data: seed + Array("upload".utf8))))
    }

    func lease(server: String) -> LeaseSecrets {
        let renew = Array(SHA256.hash(data: seed + Array("renew:\(server)".utf8)))
        let cancel = Array(SHA256.hash(data: seed + Array("cancel:\(server)".utf8)))
        return try! LeaseSecrets(renew: renew, cancel: cancel)
    }
}
