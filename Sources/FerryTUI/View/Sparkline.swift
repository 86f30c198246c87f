/// The last `width` samples as one row of level glyphs, scaled to the largest.
enum Sparkline {
    static func render(_ samples: [Double], width: Int, glyphs: Glyphs) -> String {
        let recent = samples.suffix(width)
        guard let peak = recent.max(), peak > 0 else { return String(repeating: glyphs.spark[0], count: recent.count) }
        let levels = glyphs.spark.count
        return recent.map { sample in
            glyphs.spark[min(levels - 1, Int((sample / peak * Double(levels - 1)).rounded()))]
        }.joined()
    }
}
