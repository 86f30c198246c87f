extension CBORDecoder {
    /// Bounds on what one ``CBORDecoder/decode(_:limits:)`` call accepts, besides the input's
    /// own length (which already bounds every declared length and count).
    public struct Limits: Sendable, Equatable {
        /// How many arrays, maps and tags may enclose an item: the top-level item is at
        /// depth 0, so `[[1]]` needs 2. Also bounds the decoder's recursion.
        public var maximumDepth: Int
        /// How many data items the input may hold in all, counting map keys, map values,
        /// tagged items and containers themselves (not indefinite-string chunks).
        public var maximumItems: Int

        public init(maximumDepth: Int = 64, maximumItems: Int = 1 << 20) {
            self.maximumDepth = maximumDepth
            self.maximumItems = maximumItems
        }

        /// 64 levels, 2²⁰ items: far beyond any storage-protocol message.
        public static let `default` = Limits()
    }
}
