import Benchmark
import FerryClient
import FerryCore
import FerryTUI

/// The screen with 10,000 transfers (issue 7: a frame in under 5 ms): the whole frame drawn
/// from the model, and the work one engine event or one key costs before that frame.
let benchmarks: @Sendable () -> Void = {
    // A thousand frames per sample, the model built beforehand and dropped after the clock
    // stops: what is timed is the frame, not making or freeing 10,000 transfers.
    let config = Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], scalingFactor: .kilo,
                                         maxDuration: .seconds(3))
    let now = 1_795_830_662.0

    /// 10,000 transfers in every state; a third of them moving.
    func model(width: Int, height: Int, sort: SortOrder = .added) -> Model {
        let states: [TransferState] = [.active, .queued, .paused, .done, .retrying(at: now + 5, code: "storage.transport", message: "reset"),
                                       .failed(code: "download.bad_cap", message: "not a cap")]
        let transfers = (1...10_000).map { id -> TransferSnapshot in
            let request: TransferRequest = id % 3 == 0 ? .download(cap: "URI:CHK:aaaa:bbbb:3:10:\(id)", destination: "/data/file-\(id).bin")
                : .upload(path: "/srv/backups/archive-\(id).tar.zst")
            let state = states[id % states.count]
            return TransferSnapshot(entry: JournalEntry(id: Int64(id), request: request, priority: id % 5, state: state, phase: "sending",
                                                        done: UInt64(id) * 1_000, total: 10_000_000 + UInt64(id), added: now - Double(id)),
                                    speed: state == .active ? 1_000_000 + Double(id) : 0, eta: state == .active ? 60 : nil,
                                    history: Array(repeating: 1e6, count: 60))
        }
        var model = Model(width: width, height: height, now: now)
        model.helper = .online
        (model, _) = Update.update(model, .snapshot(EngineSnapshot(transfers: transfers, maximumActive: 3, rateLimit: 0)))
        model.sort = sort
        (model, _) = Update.update(model, .key(.down))
        return model
    }

    for (width, height) in [(80, 24), (200, 50)] {
        for sort in [SortOrder.added, .speed] {
            let name = "\(width)x\(height) sorted by \(sort)"
            let built = model(width: width, height: height, sort: sort)
            Benchmark("frame, 10k transfers, \(name)", configuration: config) { benchmark in
                let model = built
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations { blackHole(View.render(model, glyphs: .unicode)) }
                benchmark.stopMeasurement()
            }
            Benchmark("engine event + frame, 10k transfers, \(name)", configuration: config) { benchmark in
                var model = built
                var one = model.transfers[4_999]
                _ = Update.update(&model, .tick(now))  // the copy of the queue happens here, untimed
                benchmark.startMeasurement()
                for iteration in benchmark.scaledIterations {
                    one.entry.done += UInt64(iteration % 7)
                    one.speed = Double(iteration % 5) * 1e6
                    _ = Update.update(&model, .engine(.updated(one)))  // in place, as the screen's loop does
                    blackHole(View.render(model, glyphs: .unicode))
                }
                benchmark.stopMeasurement()
            }
            Benchmark("key + frame, 10k transfers, \(name)", configuration: config) { benchmark in
                var model = built
                _ = Update.update(&model, .tick(now))
                benchmark.startMeasurement()
                for iteration in benchmark.scaledIterations {
                    _ = Update.update(&model, .key(iteration % 2 == 0 ? .down : .up))
                    blackHole(View.render(model, glyphs: .unicode))
                }
                benchmark.stopMeasurement()
            }
        }
    }
}
