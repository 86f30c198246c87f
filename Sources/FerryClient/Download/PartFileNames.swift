import FerryIO

/// The two files a download keeps beside its destination until it is done: `DEST.part`
/// (the plaintext so far) and `DEST.part.ferry` (which segments are in). See ``PartFile``.
///
/// A name too long for its suffixes (a file system takes 255 bytes a name; the record's
/// atomic rewrite adds `.part.ferry.tmp`) keeps its first bytes and gains `~` and a hash of
/// the whole name: `NAME…~0123456789abcdef.part`. The same destination always gives the
/// same names, so a resumed download finds its part file.
public enum PartFileNames {
    /// The most bytes a file name takes on Linux file systems (NAME_MAX).
    static let nameMax = 255
    /// The longest suffix put after the stem: the record's, and its rewrite's `.tmp`.
    static let longestSuffix = ".part.ferry.tmp".utf8.count

    public static func part(of destination: String) -> String { stem(of: destination) + ".part" }
    public static func record(of destination: String) -> String { stem(of: destination) + ".part.ferry" }

    /// The destination itself when its name leaves room for the suffixes, else the
    /// shortened form above (cut between characters, never inside one).
    static func stem(of destination: String) -> String {
        let slash = destination.lastIndex(of: "/").map { destination.index(after: $0) } ?? destination.startIndex
        let name = destination[slash...]
        guard name.utf8.count + longestSuffix > nameMax else { return destination }
        let tag = "~" + hex(fnv1a(Array(name.utf8)))
        var cut = Substring(), room = nameMax - longestSuffix - tag.utf8.count
        for character in name {
            room -= character.utf8.count
            guard room >= 0 else { break }
            cut.append(character)
        }
        return destination[..<slash] + cut + tag
    }

    /// 64-bit FNV-1a: a stable hash, the same in every build (Swift's `Hasher` is seeded).
    private static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

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
