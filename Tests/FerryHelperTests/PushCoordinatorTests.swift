import FerryCore
@testable import FerryHelper
import FerryHelperProtocol
import FerryTestSupport
import Foundation
import Testing

/// When the coordinator runs a pass.
@Suite struct PushCoordinatorTests {
    let directory = TemporaryDirectory("ferry-coordinator-")

    /// A start that comes while a pass runs is not lost: the client that saw the failure
    /// recorded just before the pass ended asks again at once, and that ask found the pass
    /// still running and was dropped (it waited for the client's next retry). With no
    /// servers every pass fails at once, so the outcome does not depend on timing.
    @Test func aStartDuringAFailingPassRunsAnotherPass() async throws {
        let registry = try UploadRegistry(root: directory.path, limits: HelperLimits(reservedSpace: 0), now: { 1_000_000 })
        let index = try StorageIndex(bytes: Array(repeating: 7, count: 16))
        let ticket = UploadTicket(size: 1000, encoding: .default)
        _ = try await registry.ask(index, ticket)
        let token = try await registry.beginWrite(index, at: 0)
        _ = try await registry.write(token, Array(repeating: 1, count: 1000))
        _ = try await registry.endWrite(token)
        let coordinator = PushCoordinator(servers: [], helperSecret: "test", registry: registry)
        await coordinator.start(index, ticket)
        await coordinator.start(index, ticket)  // the first pass is running: kept for its end
        for _ in 0..<500 where await coordinator.passes < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await coordinator.passes == 2)
        // Once: a pass that fails with nobody asking is not run again by itself.
        for _ in 0..<100 where (try? await registry.status(index).phase) != .failed { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await coordinator.passes == 2)
        #expect(try await registry.status(index).phase == .failed)
        await coordinator.shutdown()
    }
}
