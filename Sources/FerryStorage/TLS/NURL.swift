import Foundation

/// A storage (or helper) service's address in Tahoe-LAFS form:
/// `pb://<spki-hash>@<host>:<port>/<swissnum>#v=1`. The SPKI hash pins the server's TLS
/// key (URL-safe base64, unpadded, of SHA-256 over the DER SubjectPublicKeyInfo); the
/// swissnum is the shared secret that authorizes requests.
public struct NURL: Sendable, Hashable, CustomStringConvertible {
    public let spkiHash: [UInt8]
    public let host: String
    public let port: Int
    public let swissnum: String

    public init(spkiHash: [UInt8], host: String, port: Int, swissnum: String) {
        self.spkiHash = spkiHash
        self.host = host
        self.port = port
        self.swissnum = swissnum
    }

    /// Parses a NURL; errors name the part that is wrong.
    public init(parsing raw: String) throws(StorageError) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("pb://") else { throw .badRequest("NURL must start with pb://") }
        var rest = Substring(text.dropFirst(5))
        if let hash = rest.firstIndex(of: "#") {
            guard rest[rest.index(after: hash)...] == "v=1" else { throw .badRequest("unsupported NURL version \(rest[hash...])") }
            rest = rest[..<hash]
        }
        guard let at = rest.firstIndex(of: "@"), let slash = rest[at...].firstIndex(of: "/") else {
            throw .badRequest("NURL must look like pb://HASH@HOST:PORT/SWISSNUM#v=1")
        }
        guard let hash = Base64URL.decode(rest[..<at]), hash.count == 32 else { throw .badRequest("NURL SPKI hash is not 32 bytes of base64url") }
        let location = rest[rest.index(after: at)..<slash]
        guard let colon = location.lastIndex(of: ":"), let port = Int(location[location.index(after: colon)...]), (1...65535).contains(port) else {
            throw .badRequest("NURL location needs HOST:PORT")
        }
        var host = String(location[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let swissnum = String(rest[rest.index(after: slash)...])
        guard !host.isEmpty, !swissnum.isEmpty, !swissnum.contains("/") else { throw .badRequest("NURL needs a host and one swissnum path segment") }
        self.init(spkiHash: hash, host: host, port: port, swissnum: swissnum)
    }

    /// The value of the `Authorization` header for requests to this service.
    public var authorization: String { "Tahoe-LAFS " + Data(swissnum.utf8).base64EncodedString() }

    public var description: String {
        let location = host.contains(":") ? "[\(host)]" : host
        return "pb://\(Base64URL.encode(spkiHash))@\(location):\(port)/\(swissnum)#v=1"
    }
}

/// Unpadded URL-safe base64 (RFC 4648 §5), as NURLs use it.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func decode<S: StringProtocol>(_ text: S) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map { Array($0) }
    }
}
