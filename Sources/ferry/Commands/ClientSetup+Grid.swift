import Crypto
import FerryClient

extension ClientSetup {
    /// Digests of what decides where new transfers go, by kind: for uploads the helper and
    /// its token, the convergence secret and the encoding; for downloads the storage servers.
    /// A command whose own (its environment's FERRY_HELPER, FERRY_STORAGE…) differ from the
    /// running agent's runs its transfers itself: handed to the agent, they went to the
    /// agent's grid, silently.
    var gridDigests: [String: String] {
        let upload = [helper?.description ?? "", config.helperToken ?? "", config.convergenceSecret.bytes.map { String($0) }.joined(separator: "."),
                      "\(encoding.needed)/\(encoding.happy)/\(encoding.total)/\(encoding.maxSegmentSize)"]
        return ["upload": Self.digest(upload), "download": Self.digest(storage.map(\.description))]
    }

    private static func digest(_ parts: [String]) -> String {
        SHA256.hash(data: Array(parts.joined(separator: "\n").utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
