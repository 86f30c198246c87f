import FerryCore
import FerryIO

extension DirectoryShareStore {
    /// Writes into the incoming data file (whole blocks around the page cache, see
    /// ``DirectWrites``). Staged bytes are written but not synced; a durable
    /// write (or one that completes the share) fdatasyncs the file, then appends every staged
    /// range to the log and syncs it: a range is in the log only once its bytes are durable.
    /// A sync that fails forgets every staged range: Linux reports a lost write-back once and
    /// marks the pages clean, so a later sync would succeed without those bytes on the disk.
    /// They are required again, and written again by the upload's next request.
    public func write(_ index: StorageIndex, share: Int, at offset: UInt64, _ data: [UInt8],
                      upload: UploadSecret, durable: Bool) throws(StorageError) -> WriteOutcome {
        let current = incoming[index]?[share]
        let overlaps = try UploadRules.checkWrite(current, completeExists: try exists(index, share), offset: offset,
                                                  length: data.count, upload: upload)
        guard var state = current else { throw .notFound("no upload in progress") }
        state.touched = now()
        incoming[index]?[share]?.touched = state.touched
        // Gone from under the upload (moved into place, or removed by hand): never made again,
        // empty, which a completion would then rename over the share.
        guard Directory.fileExists(layout.incomingData(index, share)) else {
            incoming[index]?[share] = nil
            throw .notFound("no upload in progress for this share")
        }
        let file = try io { () throws(FileError) in try PosixFile.openExisting(layout.incomingData(index, share)) }
        defer { try? file.close() }
        for overlap in overlaps {
            let existing = try io { () throws(FileError) in try file.read(count: Int(overlap.count), at: overlap.lowerBound) }
            guard existing[...] == data[Int(overlap.lowerBound - offset)..<Int(overlap.upperBound - offset)] else {
                throw .conflict("bytes \(overlap.lowerBound)-\(overlap.upperBound) differ from those already written")
            }
        }
        let range = offset..<offset + UInt64(data.count)
        if !range.isEmpty, !state.present.contains(range) {
            let bounce = writeBounce
            try io { () throws(FileError) in try DirectWrites(file, bounce: bounce).write(data, at: offset) }
            state.staged.insert(range)
            incoming[index]?[share] = state
        }
        if durable || state.isComplete, !state.staged.isEmpty {
            var uncommitted = state  // what a failed commit leaves
            uncommitted.staged = ByteRangeSet()
            incoming[index]?[share] = uncommitted
            try io { () throws(FileError) in
                try file.dataSync()
                let log = try PosixFile.openForUpdate(layout.incomingRanges(index, share))
                try log.write(state.staged.ranges.flatMap(IncomingRecords.range), at: try log.size() / 16 * 16)
                try log.dataSync()
            }
            state.commitStaged()
            incoming[index]?[share] = state
        }
        guard state.isComplete else { return .partial(required: state.required) }
        try finish(index, share, state)
        return .complete
    }
}
