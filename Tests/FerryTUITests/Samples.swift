import FerryClient
import FerryCore
@testable import FerryTUI

/// Transfers in every state, as the engine would report them, for update and view tests.
enum Samples {
    /// 2026-11-28 03:51:02 UTC.
    static let now = 1_795_830_662.0

    static func transfer(_ id: Int64, _ request: TransferRequest, _ state: TransferState, phase: String = "", done: UInt64 = 0,
                         total: UInt64 = 0, speed: Double = 0, eta: Double? = nil, cap: String? = nil, note: String? = nil,
                         retryIn: Double? = nil, history: [Double] = [], priority: Int = 0) -> TransferSnapshot {
        TransferSnapshot(entry: JournalEntry(id: id, request: request, priority: priority, state: state, cap: cap, phase: phase,
                                             done: done, total: total, added: now - 600 + Double(id)),
                         speed: speed, eta: eta, history: history, note: note, retryIn: retryIn)
    }

    static let cap = "URI:CHK:gmjnftpo4izaliw57iofcmntfe:5qbqwuu37773a23zhdpawi2myd3b4veogc2ohjkctqkkuenfexpq:3:10:4509715660"

    /// SCREEN.md's six transfers.
    static let busy: [TransferSnapshot] = [
        transfer(1, .upload(path: "/srv/backups/backup-2026-11.tar.zst"), .active, phase: "sending", done: 2_845_000_000,
                 total: 4_509_715_660, speed: 22_440_000, eta: 41, history: [18e6, 19e6, 21e6, 22e6, 23e6, 22e6, 20e6, 21e6, 22.4e6]),
        transfer(2, .upload(path: "/home/ana/photos.zip"), .done, phase: "done", done: 912_000_000, total: 912_000_000, cap: cap),
        transfer(3, .upload(path: "/srv/dump/db-dump.sql.gz"), .retrying(at: 0, code: "storage.transport", message: "connection reset by peer"),
                 phase: "sending", done: 170_000_000, total: 1_000_000_000, retryIn: 4),
        transfer(4, .download(cap: cap, destination: "/data/dataset.parquet"), .active, phase: "fetching", done: 310_000_000,
                 total: 1_000_000_000, speed: 11_530_000, eta: 72),
        transfer(5, .upload(path: "/var/lib/vm/vm-image.qcow2"), .queued, total: 21_474_836_480),
        transfer(6, .upload(path: "/home/ana/notes.txt"), .paused, phase: "sending", done: 92_000, total: 100_000),
        transfer(7, .download(cap: "URI:CHK:bad", destination: "/tmp/broken.bin"), .failed(code: "client.bad_cap", message: "not a cap")),
    ]

    static let index = "v3y5cgbxkm2ztqmsbn6vrdgnqe"

    /// An upload the helper is pushing: 10 servers at different points, one replaced.
    static var pushing: TransferSnapshot {
        var one = transfer(8, .upload(path: "/srv/backups/backup-2026-11.tar.zst"), .active, phase: "pushing", done: 9_000_000_000,
                           total: 15_032_385_536, speed: 61_000_000, eta: 99)
        let stored: [UInt64] = [1_503_238_554, 1_503_238_554, 1_200_000_000, 1_000_000_000, 900_000_000, 800_000_000, 700_000_000,
                                200_000_000, 0, 0]
        one.detail = TransferDetail(storageIndex: index, confirmed: 4_509_715_660, segmentsEncoded: 21, segmentCount: 35,
                                    servers: stored.enumerated().map { number, stored in
                                        ServerPart(name: "server\(number)", shares: [number], done: stored, total: 1_503_238_554,
                                                   state: number < 2 ? .done : number == 9 ? .replaced : .working)
                                    })
        one.detail.encoding = EncodingParameters(needed: 3, happy: 7, total: 10)
        one.detail.retries = 3
        one.detail.resent = 1_258_291
        return one
    }

    /// A download reading from three servers, one of which was set aside.
    static var reading: TransferSnapshot {
        var one = transfer(9, .download(cap: cap, destination: "/data/dataset.parquet"), .active, phase: "fetching", done: 310_000_000,
                           total: 1_000_000_000, speed: 11_530_000, eta: 72)
        one.detail = TransferDetail(storageIndex: index, confirmed: 310_000_000, servers: [
            ServerPart(name: "10.0.0.5:8098", shares: [0], done: 103_000_000),
            ServerPart(name: "10.0.0.6:8098", shares: [1], done: 3_000_000, state: .replaced),
            ServerPart(name: "10.0.0.7:8098", shares: [1, 2], done: 207_000_000),
        ])
        one.detail.encoding = EncodingParameters(needed: 3, happy: 0, total: 10, maxSegmentSize: 0)
        return one
    }

    static func model(_ transfers: [TransferSnapshot] = busy, width: Int = 80, height: Int = 24, unicode: Bool = true) -> Model {
        var model = Model(width: width, height: height, now: now, unicode: unicode)
        model.helper = .online
        model.agent = .attached(pid: 4242)
        model.maximumActive = 3
        (model, _) = Update.update(model, .snapshot(EngineSnapshot(transfers: transfers, maximumActive: 3, rateLimit: 0)))
        return model
    }

    /// Sends keys one after another; answers the model and every command.
    static func press(_ keys: [Key], _ model: Model) -> (Model, [Command]) {
        var model = model, commands: [Command] = []
        for key in keys {
            let (next, more) = Update.update(model, .key(key))
            model = next
            commands += more
        }
        return (model, commands)
    }

    static func type(_ text: String) -> [Key] { text.map { .character($0) } }
}
