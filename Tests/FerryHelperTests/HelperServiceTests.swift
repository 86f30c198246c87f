@testable import FerryHelper
import Hummingbird
import Testing

@Suite struct HelperServiceTests {
    @Test func errorAnswersCarryTheirHeaders() {
        let busy = HelperService.failure(.busy("64 uploads are in progress"))
        #expect(busy.status.code == 429 && busy.headers[.retryAfter] == "30")
        let mismatch = HelperService.failure(.offsetMismatch(expected: 4096))
        #expect(mismatch.status.code == 409 && mismatch.headers[HelperService.uploadOffset] == "4096")
        let plain = HelperService.failure(.notFound("no upload"))
        #expect(plain.status.code == 404 && plain.headers[.retryAfter] == nil && plain.headers[HelperService.uploadOffset] == nil)
    }
}
