import AsyncHTTPClient
import FerryCore
import FerryHelperProtocol
import NIOCore

/// Uploads a file through a helper (Tahoe-LAFS #218): one read pass for the convergent key,
/// then ask the helper where to go on from, encrypt from there and stream; after any error
/// ask again — the helper's durable offset, never a local counter, says what is missing.
/// The ciphertext is hashed as it is sent (the prefix the helper already had is re-read
/// locally), and the helper's URI extension block is checked against those hashes before
/// the cap is made. Files small enough for a LIT cap need no network.
public struct Uploader: Sendable {
    public let helper: HelperClient
    public let secret: ConvergenceSecret
    public let encoding: EncodingParameters
    public var retry: RetryPolicy
    /// Bytes read, encrypted and sent at a time.
    public var chunkSize = 1 << 20
    /// Waits between tries (injected, so tests need not sleep for real).
    public var sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    /// A rate limit: asked for up to n bytes before each piece is read and sent, answers how
    /// many may go (after waiting as long as the limit needs). Nil: no limit.
    public var grant: (@Sendable (Int) async throws -> Int)?
    /// Shared by a process's uploads, so that two of the same contents take turns. Nil:
    /// none to share with.
    public var turns: UploadTurns?

    public init(helper: HelperClient, secret: ConvergenceSecret, encoding: EncodingParameters = .default, retry: RetryPolicy = RetryPolicy()) {
        self.helper = helper
        self.secret = secret
        self.encoding = encoding
        self.retry = retry
    }

    /// The cap of a file small enough to be kept in it (`URI:LIT:`), which needs no helper
    /// and no grid; nil for a bigger one.
    public static func literal(_ source: UploadSource) throws(TransferError) -> Cap? {
        guard LiteralCap.holds(size: source.size) else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(source.size))
        try TransferError.typed { try bytes.withUnsafeMutableBytes { buffer in try source.read(into: buffer, at: 0) } }
        return .literal(LiteralCap(data: bytes))
    }

    /// Uploads `path`; returns its cap.
    public func upload(_ path: String, events: @escaping @Sendable (UploadEvent) -> Void = { _ in }) async throws(TransferError) -> Cap {
        try await upload(try UploadSource(path: path), events: events)
    }

    /// Uploads the file `source` has open (closed when this ends); returns its cap.
    public func upload(_ source: UploadSource, events: @escaping @Sendable (UploadEvent) -> Void = { _ in }) async throws(TransferError) -> Cap {
        defer { source.close() }
        if let literal = try Self.literal(source) { return literal }
        let key = try await convergentKey(source, events: events)
        let index = StorageIndex(key: key)
        events(.keyed(index))
        try await turns?.take(index) { events(.waiting) }
        defer { turns?.give(index) }
        let geometry: FileGeometry
        let cipher: CTRCipher
        do {
            geometry = try FileGeometry(fileSize: source.size, parameters: encoding)
            cipher = try CTRCipher(key: key)
        } catch {
            throw .core(error)
        }
        let run = UploadRun(uploader: self, source: source, index: index, ticket: UploadTicket(size: source.size, encoding: encoding),
                            cipher: cipher, hasher: SharedHasher(geometry: geometry), events: events)
        let result = try await run.untilPlaced()
        try source.checkUnchanged()
        do {
            return .chk(try UploadCheck.readCap(key: key, geometry: geometry, hashes: try run.hasher.finalize(),
                                                uriExtension: result.uriExtension, uriExtensionHash: result.uriExtensionHash))
        } catch {
            throw .core(error)
        }
    }

    /// The first pass: the convergent key of the whole file.
    private func convergentKey(_ source: UploadSource, events: @Sendable (UploadEvent) -> Void) async throws(TransferError) -> [UInt8] {
        var hasher: ConvergentKeyHasher
        do { hasher = try ConvergentKeyHasher(secret: secret, parameters: encoding, fileSize: source.size) } catch { throw .core(error) }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var offset: UInt64 = 0
        while offset < source.size {
            if Task.isCancelled { throw .cancelled }
            let length = Int(min(UInt64(chunkSize), source.size - offset))
            try TransferError.typed {
                try chunk.withUnsafeMutableBytes { raw in
                    let area = UnsafeMutableRawBufferPointer(rebasing: raw[0..<length])
                    try source.read(into: area, at: offset)
                    hasher.update(buffer: UnsafeRawBufferPointer(area))
                }
            }
            offset += UInt64(length)
            events(.keying(done: offset, total: source.size))
            await Task.yield()
        }
        try source.checkUnchanged()  // a key from bytes that changed meanwhile names no file
        return hasher.finalize()
    }
}
