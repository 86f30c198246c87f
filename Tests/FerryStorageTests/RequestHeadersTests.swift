import FerryStorage
import Foundation
import Testing

@Suite struct RequestHeadersTests {
    @Test func swissnumAuthorization() {
        #expect(RequestHeaders.authorizes("Tahoe-LAFS " + Data("abc".utf8).base64EncodedString(), swissnum: "abc"))
        for bad in [nil, "", "Tahoe-LAFS YWJj ", "Bearer YWJj", "Tahoe-LAFS YWJk", "Tahoe-LAFS YWJjZA=="] {
            #expect(!RequestHeaders.authorizes(bad, swissnum: "abc"), "\(bad ?? "nil")")
        }
    }

    @Test func bearerTokensAreAcceptedBesideTheSwissnum() {
        let tokens = ["first-token-0123456789", "second-token-0123456789"]
        let swissnum = "Tahoe-LAFS " + Data("abc".utf8).base64EncodedString()
        #expect(RequestHeaders.authorizes(swissnum, swissnum: "abc", bearerTokens: tokens))
        #expect(RequestHeaders.authorizes("Bearer first-token-0123456789", swissnum: "abc", bearerTokens: tokens))
        #expect(RequestHeaders.authorizes("Bearer second-token-0123456789", swissnum: "abc", bearerTokens: tokens))
        for bad in ["Bearer first-token-012345678", "Bearer first-token-01234567890", "bearer first-token-0123456789",
                    "Bearer  first-token-0123456789", "first-token-0123456789", "Bearer ", "Bearer abc"] {
            #expect(!RequestHeaders.authorizes(bad, swissnum: "abc", bearerTokens: tokens), "\(bad)")
        }
        #expect(!RequestHeaders.authorizes("Bearer first-token-0123456789", swissnum: "abc"), "no tokens configured, none accepted")
    }

    @Test func secretsMustBeExactlyTheRequiredOnes() throws {
        let renew = "lease-renew-secret " + Data(repeating: 1, count: 32).base64EncodedString()
        let cancel = "lease-cancel-secret " + Data(repeating: 2, count: 32).base64EncodedString()
        let upload = "upload-secret " + Data(repeating: 3, count: 32).base64EncodedString()
        let found = try RequestHeaders.secrets([renew, cancel, upload], required: [.leaseRenew, .leaseCancel, .upload])
        #expect(found[.upload] == Array(repeating: 3, count: 32))
        let bad: [[String]] = [
            [renew, cancel], [renew, cancel, upload, upload], [renew, cancel, "upload-secret !!!"], [renew, cancel, "upload-secret"],
            ["lease-renew-secret " + Data(repeating: 1, count: 31).base64EncodedString(), cancel, upload],
            [renew, cancel, upload, "write-enabler " + Data(repeating: 1, count: 32).base64EncodedString()],
            [renew, cancel, "nonsense-secret AAAA"], [renew, cancel, "upload-secret "],
        ]
        for values in bad {
            #expect(throws: StorageError.self, "\(values)") { try RequestHeaders.secrets(values, required: [.leaseRenew, .leaseCancel, .upload]) }
        }
    }

    @Test func contentRanges() throws {
        #expect(try RequestHeaders.contentRange("bytes 0-99/*") == 0..<100)
        #expect(try RequestHeaders.contentRange("bytes 5-5/100") == 5..<6)
        for bad in [nil, "", "bytes 5-4/*", "bytes -5/*", "bytes 0-99", "items 0-9/*", "bytes 0-99/50", "bytes 0-99/x", "bytes 0-18446744073709551615/*", "bytes +1-2/*"] {
            #expect(throws: StorageError.self, "\(bad ?? "nil")") { try RequestHeaders.contentRange(bad) }
        }
        #expect(RequestHeaders.contentRangeValue(10..<20) == "bytes 10-19/*")
    }

    @Test func ranges() throws {
        #expect(try RequestHeaders.range("bytes=0-0") == 0..<1)
        #expect(try RequestHeaders.range("bytes=100-199") == 100..<200)
        for bad in ["bytes=-5", "bytes=5-", "bytes=0-1,3-4", "bytes=9-3", "chars=0-1", "bytes=a-b", ""] {
            #expect(throws: StorageError.self, "\(bad)") { try RequestHeaders.range(bad) }
        }
    }

    @Test func acceptNegotiation() {
        for good in [nil, "", "application/cbor", "*/*", "text/html, application/cbor;q=0.5", "application/*"] {
            #expect(RequestHeaders.acceptsCBOR(good), "\(good ?? "nil")")
        }
        for bad in ["application/json", "text/plain"] { #expect(!RequestHeaders.acceptsCBOR(bad)) }
    }
}
