import FerryIO

/// The two files a download keeps beside its destination until it is done: `DEST.part`
/// (the plaintext so far) and `DEST.part.ferry` (which segments are in). See ``PartFile``.
public enum PartFileNames {
    public static func part(of destination: String) -> String { destination + ".part" }
    public static func record(of destination: String) -> String { destination + ".part.ferry" }

    /// Deletes both (a download given up for good); missing ones are no error. Returns
    /// whether a part file was there.
    @discardableResult
    public static func delete(for destination: String) -> Bool {
        let existed = Directory.fileExists(part(of: destination))
        try? Directory.remove(record(of: destination))  // first: a part file without its record is started over
        try? Directory.remove(part(of: destination))
        return existed
    }
}
