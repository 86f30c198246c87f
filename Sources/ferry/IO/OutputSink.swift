import FerryIO
#if canImport(Glibc)
import Glibc
#endif

/// Where decoded bytes go: standard output (in order), or `PATH.part` renamed to `PATH`
/// only after everything is written and fsynced.
final class OutputSink {
    private let path: String?
    private let file: PosixFile?

    init(path: String) throws(FileError) {
        if path == "-" {
            self.path = nil
            file = nil
        } else {
            self.path = path
            file = try PosixFile.create(path + ".part")
        }
    }

    func write(_ bytes: [UInt8], at offset: UInt64) throws {
        try bytes.withUnsafeBytes { buffer in
            if let file { return try file.write(buffer, at: offset) }
            try StreamWrite.all(buffer, to: 1, name: "standard output")
        }
    }

    /// Removes the unfinished `.part` file (the debug decoder does not resume).
    func discard() {
        guard let file, let path else { return }
        try? file.close()
        unlink(path + ".part")
    }

    func commit() throws(FileError) {
        guard let file, let path else { return }
        try file.sync()
        try file.close()
        try Directory.rename(path + ".part", to: path)
    }
}
