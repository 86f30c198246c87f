#if canImport(Glibc)
import Glibc
#endif

/// The names in a directory that start with a stem (hidden ones only when the stem starts
/// with a dot), read with `readdir`, and how many more match but are not UTF-8.
struct DirectoryNames {
    var names: [String] = []
    var notUTF8 = 0

    init?(_ directory: String, matching stem: String) {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        let wanted = Array(stem.utf8)
        while let entry = readdir(handle) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard bytes.starts(with: wanted), bytes != Array(".".utf8), bytes != Array("..".utf8),
                  wanted.first == UInt8(ascii: ".") || bytes.first != UInt8(ascii: ".") else { continue }
            if let name = String(validating: bytes, as: UTF8.self) { names.append(name) } else { notUTF8 += 1 }
        }
    }
}
