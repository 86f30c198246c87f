import FerryIO
import Glibc
import FerryStorage

/// Servers' checked certificates kept as files in the client's state directory (`pins/`,
/// private), so each command need not fetch them again (``CertificateKeeper``). A file that
/// cannot be read or written is as good as none: the certificate is fetched.
public struct CertificateDirectory: CertificateKeeper {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func certificate(named name: String) -> [UInt8]? {
        guard let file = try? PosixFile.openForReading(file(name)) else { return nil }
        return try? file.readAll()
    }

    public func keep(_ der: [UInt8], named name: String) {
        guard (try? Directory.createPrivate(path)) != nil else { return }
        try? Directory.writeAtomically(der, to: file(name), mode: 0o600)
    }

    public func forget(named name: String) {
        unlink(file(name))
    }

    private func file(_ name: String) -> String { path + "/" + name + ".der" }
}
