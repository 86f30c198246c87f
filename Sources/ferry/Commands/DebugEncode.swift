import ArgumentParser
import ErasureCode
import FerryCore

/// `ferry debug encode FILE --out DIR`: encrypt and erasure-code a file into share files.
struct DebugEncode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode FILE into Tahoe-LAFS CHK share files and print its cap.",
        discussion: """
            Writes one file per share, named by share number, into DIR/<storage index>/. Files of 55 bytes or \
            less become a URI:LIT: cap and need no shares. Without --convergence a random key \
            is used; with it the cap is the one a Tahoe-LAFS node with that convergence secret \
            (the text of its private/convergence file) produces for the same file and encoding.
            """
    )

    @Argument(help: "The file to encode.") var file: String
    @Option(name: .long, help: "Directory for the share files.") var out: String
    @Option(name: .long, help: "Convergence secret, in base32 as in a Tahoe node's private/convergence.") var convergence: String?
    @Option(name: .long, help: "Shares needed to decode (k).") var needed = 3
    @Option(name: .long, help: "Shares produced (N).") var total = 10
    @Option(name: .long, help: "Servers-of-happiness threshold (default: min(7, N)).") var happy: Int?
    @Option(name: .long, help: "Maximum segment size in bytes.") var segmentSize = EncodingParameters.defaultMaxSegmentSize
    @Option(name: .long, help: "Erasure codec: isal or swift (default: isal).") var codec: ErasureCodecKind?
    @Flag(name: .long, help: "Write the v2 share layout (8-byte offsets) even for small shares.") var v2Layout = false
    @Flag(name: .long, help: "Skip fsync of the share files (for measurements only).") var noFsync = false

    func run() throws {
        do {
            let parameters = try EncodingParameters(needed: needed, happy: happy ?? min(7, total), total: total,
                                                    maxSegmentSize: segmentSize).validated()
            let keyMode: LocalFileEncoder.KeyMode = try convergence.map { .convergent(try ConvergenceSecret(base32: $0)) } ?? .random
            let encoder = LocalFileEncoder(parameters: parameters, keyMode: keyMode, codecPreference: codec,
                                           forceV2Layout: v2Layout, durable: !noFsync)
            let cap = try encoder.encode(path: file, into: out)
            print(cap)
            if case .chk(let chk) = cap {
                printError("storage index \(chk.storageIndex.base32); \(total) shares in \(out)/\(chk.storageIndex.base32)")
            } else {
                printError("small file: the cap holds the data; no shares written")
            }
        } catch {
            throw fail(error)
        }
    }
}

extension ErasureCodecKind: ExpressibleByArgument {}
