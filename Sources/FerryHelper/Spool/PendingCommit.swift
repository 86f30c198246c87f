import FerryHelperProtocol
import FerryIO
import NIOPosix

/// A commit of staged ciphertext that a request runs off the registry's actor, on a thread
/// meant for blocking I/O, while the next bytes arrive. ``UploadRegistry/write(_:_:)`` hands
/// one out every ``UploadRegistry/commitInterval`` bytes.
public struct PendingCommit: Sendable {
    let upload: IncomingCiphertext
    /// The offset it makes durable.
    public let offset: UInt64

    /// fdatasyncs the ciphertext up to `offset`, then logs the offset.
    public func run() async throws(HelperError) {
        let upload = upload, offset = offset
        do {
            try await NIOThreadPool.singleton.runIfActive { try upload.commit(upTo: offset) }
        } catch let error as FileError {
            throw .io(error.message)
        } catch {
            throw .io("\(error)")
        }
    }
}
