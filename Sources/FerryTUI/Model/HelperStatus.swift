/// Whether the helper answers, as the header shows it.
public enum HelperStatus: Sendable, Equatable {
    case unknown
    case online
    case offline(String)
}
