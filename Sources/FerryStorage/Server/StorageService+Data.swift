import FerryCore
import HTTPTypes
import Hummingbird
import NIOCore

extension StorageService {
    /// PATCH: streams the body into the store in chunks at the Content-Range offset, staged and
    /// made durable every ``commitInterval`` bytes and before the answer. A body
    /// longer or shorter than the range is refused; what arrived before the mismatch, or before
    /// the client vanished, is stored, so the upload resumes from there.
    func write(_ request: Request, index: StorageIndex, share: Int, secrets: [SecretKind: [UInt8]]) async throws(StorageError) -> Response {
        let range = try RequestHeaders.contentRange(request.headers[.contentRange])
        let upload = try UploadSecret(secrets[.upload]!)
        var offset = range.lowerBound
        var pending: [UInt8] = []
        var sinceCommit = 0
        var outcome = WriteOutcome.partial(required: [])
        func flush(durable: Bool) async throws(StorageError) {
            let commit = durable || sinceCommit + pending.count >= Self.commitInterval
            // Nothing to write, and nothing to commit (or the share completed, which commits).
            if pending.isEmpty, !commit || outcome == .complete { return }
            outcome = try await store.write(index, share: share, at: offset, pending, upload: upload, durable: commit)
            offset += UInt64(pending.count)
            sinceCommit = commit ? 0 : sinceCommit + pending.count
            pending.removeAll(keepingCapacity: true)
        }
        do {
            for try await buffer in request.body {
                guard UInt64(pending.count + buffer.readableBytes) <= range.upperBound - offset else {
                    throw StorageError.badRequest("body is longer than its Content-Range")
                }
                pending += buffer.readableBytesView
                if pending.count >= Self.writeChunk { try await flush(durable: false) }
            }
        } catch {
            // The body broke off (the client vanished, or sent more than it declared): keep,
            // durably, what did arrive, so a resumed upload sends only the rest. If the pending
            // piece itself was refused, still make the earlier staged pieces durable.
            do { try await flush(durable: true) } catch {
                pending.removeAll()
                try? await flush(durable: true)
            }
            if let error = error as? StorageError { throw error }
            throw .badRequest("request body broke off: \(error)")
        }
        try await flush(durable: true)
        guard offset == range.upperBound else { throw .badRequest("body is shorter than its Content-Range") }
        switch outcome {
        case .complete: return Self.cbor(Messages.required([]), status: .created)
        case .partial(let required): return Self.cbor(Messages.required(required))
        }
    }

    /// GET a share: the whole of it, or one `Range` (206, shortened at the end; 204 when empty).
    func read(_ request: Request, index: StorageIndex, share: Int) async throws(StorageError) -> Response {
        let length = try await store.length(index, share: share)
        var wanted = 0..<length
        var status = HTTPResponse.Status.ok
        if let header = request.headers[.range] {
            let asked = try RequestHeaders.range(header)
            guard asked.lowerBound < length else { return Response(status: .noContent) }
            wanted = asked.lowerBound..<min(asked.upperBound, length)
            status = .partialContent
        }
        var headers: HTTPFields = [.contentType: "application/octet-stream", .contentLength: String(wanted.count)]
        if status == .partialContent { headers[.contentRange] = RequestHeaders.contentRangeValue(wanted) }
        let store = store
        let span = wanted
        let body = ResponseBody { writer in
            let wanted = span
            var offset = wanted.lowerBound
            while offset < wanted.upperBound {
                let count = Int(min(UInt64(Self.writeChunk), wanted.upperBound - offset))
                let bytes = try await store.readBuffer(index, share: share, at: offset, length: count)
                guard bytes.readableBytes > 0 else { break }
                offset += UInt64(bytes.readableBytes)
                try await writer.write(bytes)
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }
}
