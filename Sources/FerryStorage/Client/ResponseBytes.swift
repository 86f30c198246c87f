import AsyncHTTPClient
import NIOCore

/// Reads a response body into one array sized once from its `Content-Length` (bounded by
/// the limit), copying each chunk as it arrives. AsyncHTTPClient's `collect` gathers into
/// a buffer that doubles as it grows and was then copied again into an array: for a
/// download's megabyte block reads that was three allocations per read and the freed
/// buffers' pages stayed resident (docs/BENCHMARKS.md, issue 6, memory).
enum ResponseBytes {
    struct TooLarge: Error {}

    /// The body, in `buffer` (emptied first; its capacity is reused when large enough).
    static func collect(_ response: HTTPClientResponse, limit: Int, into buffer: consuming [UInt8] = []) async throws -> [UInt8] {
        var bytes = consume buffer
        bytes.removeAll(keepingCapacity: true)
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length >= 0 {
            guard length <= limit else { throw TooLarge() }
            bytes.reserveCapacity(length)
        }
        for try await chunk in response.body {
            guard bytes.count + chunk.readableBytes <= limit else { throw TooLarge() }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }
}
