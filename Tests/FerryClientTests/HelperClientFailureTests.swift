@testable import FerryClient
import FerryStorage
import Testing

/// What a helper's error answer becomes on the client.
struct HelperClientFailureTests {
    /// A 404 without a helper's code: no helper there (a storage server's NURL given as the
    /// helper's said only "helper.not_found: HTTP 404"); not retried, and the key named.
    @Test func aNotFoundFromSomethingElseNamesTheSetting() {
        let error = HelperClient.failure(404, .map([(.text("code"), .text("storage.not_found")), (.text("message"), .text("not found: "))]))
        #expect(error.code == "helper.not_found" && !error.isRetryable && error.message.contains("check grid.helper"), "\(error)")
        // The helper's own 404 (an upload it does not know) stays its own.
        let own = HelperClient.failure(404, .map([(.text("code"), .text("helper.not_found")), (.text("message"), .text("no upload of x"))]))
        #expect(own.message == "no upload of x", "\(own)")
    }

    /// A refused authorization names the secret that was sent: the token when there is one
    /// (it named the swissnum, which a token replaces), else the NURL's swissnum.
    @Test func aRefusalNamesTheSecretThatWasSent() {
        let refusal = CBORValue.map([(.text("code"), .text("helper.unauthorized")), (.text("message"), .text("missing or wrong authorization"))])
        let swissnum = HelperClient.failure(401, refusal)
        #expect(swissnum.code == "helper.unauthorized" && swissnum.message.contains("swissnum") && !swissnum.message.contains("token"), "\(swissnum)")
        let token = HelperClient.failure(401, refusal, token: true)
        #expect(token.message.contains("grid.helper_token") && token.message.contains("FERRY_HELPER_TOKEN"), "\(token)")
        #expect(!token.isRetryable)
    }
}
