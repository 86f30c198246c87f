/// Where an upload stands on the helper.
public enum UploadPhase: String, Sendable, Equatable {
    /// Taking ciphertext from the client.
    case receiving
    /// All ciphertext is in; segments are being encoded.
    case encoding
    /// Shares are being sent to storage servers.
    case pushing
    /// Every share is placed; the result is known.
    case done
    /// Encoding or pushing stopped with an error; the ciphertext stays spooled.
    case failed
}
