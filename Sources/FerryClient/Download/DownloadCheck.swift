import FerryCore
import FerryIO
import Foundation

/// What can be known of a download before it is queued: a cap that can be read, and a
/// place it can be written. Said at once, with nothing queued (a typo in the screen's
/// dialog, or a missing directory, left a failed transfer in the queue for good).
public enum DownloadCheck {
    static let verifyCap = "a verify cap can check a file but not decrypt it; give the read cap (URI:CHK:)"

    /// The cap parsed, or why it cannot be downloaded.
    public static func cap(_ text: String) throws(TransferError) -> Cap {
        let parsed: Cap
        do { parsed = try Cap(parsing: text) } catch {
            // Only read caps can be downloaded: the parser's "expected URI:CHK:, URI:CHK-Verifier:
            // or URI:LIT:" named one that is then refused.
            let prefix = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard prefix.hasPrefix("URI:") else { throw .badCap("not a cap: a read cap starts with URI:CHK: or URI:LIT: (as `ferry put` prints it)") }
            let kind = prefix.dropFirst(4).prefix { $0 != ":" }
            guard ["CHK", "CHK-Verifier", "LIT"].contains(kind) else {
                let what = kind.hasPrefix("DIR2") ? "a directory's cap" : ["SSK", "SSK-RO", "MDMF", "MDMF-RO"].contains(kind) ? "a mutable file's cap" : "not a cap Ferry knows"
                throw .badCap("URI:\(kind): is \(what); Ferry downloads immutable files, whose read caps start with URI:CHK: or URI:LIT:")
            }
            throw .badCap(error.message)
        }
        if case .verify = parsed { throw .badCap(verifyCap) }
        return parsed
    }

    /// A destination that is a directory gets the file's name from an upload of the same
    /// cap in `journal` (a cap carries no name, so only this journal's own uploads name
    /// theirs); without one, it is refused. Any other path is returned as it is.
    public static func named(_ path: String, cap: String, journal: Journal?) throws(TransferError) -> String {
        guard Directory.exists(path) else { return path }
        let uploads = (try? journal?.all()) ?? []
        guard let known = uploads.last(where: { $0.cap == cap && $0.request.kind == "upload" }) else {
            throw .file(code: "file.is_directory", message: "\(path) is a directory, and the cap names no file (caps carry no names; only files put from here are known by theirs); give the file's path")
        }
        return (path.hasSuffix("/") ? path : path + "/") + known.request.name
    }

    /// Refuses a destination that is a directory, names one (a trailing `/`), or whose
    /// directory does not exist.
    public static func destination(_ path: String) throws(TransferError) {
        if Directory.exists(path) { throw .file(code: "file.is_directory", message: "\(path) is a directory; give the file's path") }
        if path.hasSuffix("/") {  // as `cp f newdir/`: a directory was meant, and a file named `newdir` was written
            throw .file(code: "file.no_directory", message: "\(path) does not exist or is not a directory; create it first")
        }
        // Not NSString's deletingLastPathComponent, which crashed on "~" (Foundation on Linux).
        let parent = Directory.parent(of: path)
        guard Directory.exists(parent) else {
            throw .file(code: "file.no_directory", message: "\(parent) does not exist or is not a directory; create it first")
        }
    }

    /// That a file can be made beside `path` (where its part file goes): a file made and
    /// removed there. A directory without write permission, an immutable one, or /proc was
    /// found only after the servers were asked, and left a failed transfer in the queue.
    public static func writable(beside path: String) throws(TransferError) {
        let parent = Directory.parent(of: path)
        let probe = parent + "/.ferry-write-check-\(getpid())"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let why = String(cString: strerror(errno))
            throw .file(code: "file.unwritable", message: "cannot write in \(parent) (\(why)), where \((path as NSString).lastPathComponent) and its part file go; give another place")
        }
        close(descriptor)
        unlink(probe)
    }
}
