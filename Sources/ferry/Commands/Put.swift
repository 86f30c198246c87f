import ArgumentParser
import FerryClient
import FerryCore
import FerryStorage
import Foundation
import NIOCore

/// `ferry put FILE...`: upload through the helper, retrying and resuming by itself.
struct Put: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upload files; print each one's cap.",
        discussion: """
            The file is encrypted here (its key comes from its contents and your convergence \
            secret); the helper receives only ciphertext, keeps whatever arrived across any \
            disconnect, and is asked where to go on after every break. With no helper \
            configured, the embedded local grid is started and used. Caps are printed on \
            standard output, one line per file, in order; progress goes to standard error.
            """
    )

    @Argument(help: "Files to upload.") var files: [String]
    @Flag(name: .long, help: "Print events as JSON lines on standard output (the caps too).") var json = false

    func run() async throws {
        do {
            let setup = try await ClientSetup.load()
            let interactive = isatty(2) != 0
            guard let helper = setup.helper else { throw ConfigError.badValue(key: "grid.helper", reason: "no helper is configured") }
            try await StorageClient.with(helper, idleTimeout: .seconds(Int64(setup.config.idleTimeout)),
                                         bearerToken: setup.config.helperToken) { transport in
                let uploader = Uploader(helper: HelperClient(transport: transport), secret: setup.config.convergenceSecret,
                                        encoding: setup.encoding, retry: setup.config.retry)
                for file in files {
                    let reporter = UploadReporter(name: file, style: json ? .json : interactive ? .terminal : .plain)
                    let cap = try await uploader.upload(file) { reporter.handle($0) }
                    reporter.finish()
                    if json {
                        printNow("{\"event\":\"done\",\"file\":\(Self.quoted(file)),\"cap\":\"\(cap)\"}")
                    } else {
                        printNow(cap.description)
                    }
                }
            }
        } catch {
            throw fail(error)
        }
    }

    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8), as: UTF8.self).dropFirst().dropLast().description
    }
}
