/// How a file is erasure-coded: any `needed` (k) of `total` (N) shares rebuild it, an
/// upload is good once shares sit on `happy` distinct servers, and the plaintext is cut into
/// segments of at most `maxSegmentSize` bytes. Defaults are Tahoe-LAFS 1.20's.
public struct EncodingParameters: Sendable, Equatable, Hashable, Codable {
    /// Shares needed to decode (k).
    public var needed: Int
    /// Servers-of-happiness threshold.
    public var happy: Int
    /// Shares produced (N).
    public var total: Int
    /// Largest segment size; enters the convergent key, so changing it changes caps.
    public var maxSegmentSize: Int

    /// Tahoe-LAFS 1.20's default maximum segment size (1 MiB).
    public static let defaultMaxSegmentSize = 1 << 20
    /// k=3, happy=7, N=10, 1 MiB segments.
    public static let `default` = EncodingParameters(needed: 3, happy: 7, total: 10)

    public init(needed: Int, happy: Int, total: Int, maxSegmentSize: Int = defaultMaxSegmentSize) {
        self.needed = needed
        self.happy = happy
        self.total = total
        self.maxSegmentSize = maxSegmentSize
    }

    /// Checks the ranges Tahoe and zfec allow: 1 ≤ k ≤ N ≤ 256, 1 ≤ happy ≤ N, segment ≥ 1.
    public func validated() throws(CoreError) -> EncodingParameters {
        guard needed >= 1, total >= 1 else { throw .badParameters("k and N must be at least 1 (k=\(needed), N=\(total))") }
        guard needed <= total else { throw .badParameters("k (\(needed)) must not exceed N (\(total))") }
        guard total <= 256 else { throw .badParameters("N (\(total)) must be at most 256") }
        guard happy >= 1, happy <= total else { throw .badParameters("happy (\(happy)) must be between 1 and N (\(total))") }
        guard maxSegmentSize >= 1 else { throw .badParameters("segment size must be at least 1 byte") }
        return self
    }

    /// The segment size used for a file of `fileSize` bytes: small files get one short
    /// segment; the result is rounded up to a multiple of k (Tahoe's rule).
    public func segmentSize(forFileSize fileSize: UInt64) -> Int {
        let clipped = Int(min(UInt64(maxSegmentSize), fileSize))
        return (clipped + needed - 1) / needed * needed
    }
}
