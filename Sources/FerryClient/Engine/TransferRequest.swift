/// What a person asked for: a file to upload, or a cap to download to a path.
public enum TransferRequest: Sendable, Equatable, Codable {
    case upload(path: String)
    case download(cap: String, destination: String)

    /// Paths and caps compare byte for byte, as the file system sees them. Swift's own
    /// `==` on strings holds `café` written composed (NFC) and decomposed (NFD) equal: two
    /// files of those names made one transfer, one file's cap printed for both and the other
    /// never uploaded (a user test).
    public static func == (left: TransferRequest, right: TransferRequest) -> Bool {
        switch (left, right) {
        case (.upload(let a), .upload(let b)): a.utf8.elementsEqual(b.utf8)
        case (.download(let capA, let a), .download(let capB, let b)): capA.utf8.elementsEqual(capB.utf8) && a.utf8.elementsEqual(b.utf8)
        default: false
        }
    }

    public var kind: String {
        switch self {
        case .upload: "upload"
        case .download: "download"
        }
    }

    /// The short name shown in lists: the file's name.
    public var name: String {
        let path = switch self {
        case .upload(let path): path
        case .download(_, let destination): destination
        }
        return path.split(separator: "/").last.map(String.init) ?? path
    }
}
