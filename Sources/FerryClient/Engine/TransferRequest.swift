/// What a person asked for: a file to upload, or a cap to download to a path.
public enum TransferRequest: Sendable, Equatable, Codable {
    case upload(path: String)
    case download(cap: String, destination: String)

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
