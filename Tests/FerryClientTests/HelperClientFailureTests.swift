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
}
