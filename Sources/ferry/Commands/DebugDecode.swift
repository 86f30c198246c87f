import FerryIO
import ArgumentParser
import ErasureCode
import FerryCore

/// `ferry debug decode CAP --shares DIR -o OUT`: verify and decode share files.
struct DebugDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a file from share files, checking every block.",
        discussion: """
            Reads the share files in DIR/<storage index>/ (or in DIR itself when it is named by the \
            storage index), named by share number, checks each against the cap \
            and rebuilds the file from any k good ones. Corrupt shares are named and skipped. \
            With a URI:CHK-Verifier: cap the shares are only checked. OUT is written as \
            OUT.part and renamed when complete; "-" writes to standard output.
            """
    )

    @Argument(help: "A URI:CHK:, URI:CHK-Verifier: or URI:LIT: cap.") var cap: String
    @Option(name: .long, help: "Directory holding the share files.") var shares: String?
    @Option(name: .shortAndLong, help: "Output file, or - for standard output (without it the file is only checked).") var output: String?
    @Option(name: .long, help: "Erasure codec: isal or swift (default: isal).") var codec: ErasureCodecKind?

    func run() throws {
        do {
            let parsed = try Cap(parsing: cap)
            let sink = try output.map { try OutputSink(path: $0) }
            do {
                try decodeAll(parsed, sink: sink)
            } catch {
                sink?.discard()
                throw error
            }
            try sink?.commit()
            if case .verify = parsed { printError("ok: shares verify") }
        } catch {
            throw fail(error)
        }
    }

    private func decodeAll(_ parsed: Cap, sink: OutputSink?) throws {
        switch parsed {
        case .literal(let literal):
            try sink?.write(literal.data, at: 0)
        case .chk(let chk):
            try decode(try CHKDecoder(cap: chk), index: chk.storageIndex, needed: chk.needed, total: chk.total, sink: sink)
        case .verify(let verify):
            try decode(CHKDecoder(verifyCap: verify), index: verify.storageIndex, needed: verify.needed, total: verify.total, sink: sink)
        }
    }

    private func decode(_ decoder: CHKDecoder, index: StorageIndex, needed: Int, total: Int, sink: OutputSink?) throws {
        guard let shares else { throw ValidationError("--shares DIR is needed for a CHK cap") }
        let named = shares.split(separator: "/").last.map(String.init) == index.base32
        let directory = named ? shares : shares + "/" + index.base32
        guard Directory.exists(directory) else {
            printError("no shares for storage index \(index.base32) in \(shares) (wrong cap or wrong directory?)")
            throw CoreError.notEnoughShares(have: 0, need: needed, corrupt: [])
        }
        let sources = try FileShareSource.all(in: directory)
        let codec = try ErasureCodecs.make(k: needed, n: total, preferred: codec)
        let report = try decoder.decode(sources: sources, codec: codec) { offset, bytes in try sink?.write(bytes, at: offset) }
        for error in report.badShares.sorted(by: { $0.key < $1.key }).map(\.value) {
            printError("warning: \(error.message) (skipped)")
        }
        for (share, why) in report.unreadableShares.sorted(by: { $0.key < $1.key }) {
            printError("warning: share \(share) unreadable: \(why) (skipped)")
        }
    }
}
