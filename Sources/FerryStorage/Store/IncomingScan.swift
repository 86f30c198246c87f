import FerryCore
import FerryIO

/// Finds incoming shares on disk at start-up: replays each one's range log, and removes
/// leftovers of shares that completed just before a crash (data already renamed away).
struct IncomingScan {
    let layout: StoreLayout

    func run() throws(FileError) -> [StorageIndex: [Int: IncomingShare]] {
        var found: [StorageIndex: [Int: IncomingShare]] = [:]
        for index in try BucketTree.indexes(under: layout.incoming) {
            for entry in try Directory.list(layout.incomingBucket(index)) where entry.hasSuffix(".meta") {
                guard let share = StoreLayout.shareNumber(String(entry.dropLast(5))) else { continue }
                if let state = try load(index, share) { found[index, default: [:]][share] = state }
            }
        }
        return found
    }

    private func load(_ index: StorageIndex, _ share: Int) throws(FileError) -> IncomingShare? {
        let data = layout.incomingData(index, share)
        if Directory.fileExists(layout.share(index, share)) || !Directory.fileExists(data) {
            try Directory.remove(layout.incomingMeta(index, share))
            try Directory.remove(layout.incomingRanges(index, share))
            return nil
        }
        guard var state = IncomingRecords.parseMeta(try PosixFile.openForReading(layout.incomingMeta(index, share)).readAll()) else {
            return nil
        }
        let rangesPath = layout.incomingRanges(index, share)
        if Directory.fileExists(rangesPath) {
            state.written = IncomingRecords.parseRanges(try PosixFile.openForReading(rangesPath).readAll(), size: state.size)
        }
        return state
    }
}
