import FerryIO
import FerryCore

/// A share stored as a local file (as `ferry debug encode` writes them).
struct FileShareSource: ShareSource {
    let shareNumber: Int
    let file: PosixFile

    func read(offset: UInt64, length: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        let count = try bytes.withUnsafeMutableBytes { buffer in try file.read(into: buffer, at: offset) }
        bytes.removeLast(length - count)
        return bytes
    }

    /// Every file in `directory` named by a share number (0–255).
    static func all(in directory: String) throws(FileError) -> [FileShareSource] {
        var sources: [FileShareSource] = []
        for name in try Directory.list(directory).sorted() {
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int(name), number < 256 else { continue }
            sources.append(FileShareSource(shareNumber: number, file: try PosixFile.openForReading(directory + "/" + name)))
        }
        return sources
    }
}
