/// The helper's answer to an ask (docs/PROTOCOL.md).
public enum AskAnswer: Sendable, Equatable {
    /// Send ciphertext from `offset` (0 when the helper has nothing).
    case receiving(offset: UInt64, size: UInt64)
    /// All ciphertext is in; the helper is encoding or pushing it.
    case busy(UploadPhase, size: UInt64)
    /// The push finished: nothing to send.
    case done(UploadResult)
    /// The storage servers already hold the file: nothing to send.
    case inGrid(UploadResult)
}
