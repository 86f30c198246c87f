import FerryCore
@testable import FerryHelper
import FerryHelperProtocol
import FerryTestSupport
import Foundation
import Testing

/// When the coordinator runs a pass.
@Suite struct PushCoordinatorTests {
    let directory = TemporaryDirectory("ferry-coordinator-")

    /// A registry holding one upload of 1000 bytes, all received (its index made of `byte`).
    func received(_ byte: UInt8) async throws -> (UploadRegistry, StorageIndex, UploadTicket) {
        let registry = try UploadRegistry(root: directory.path, limits: HelperLimits(reservedSpace: 0), now: { 1_000_000 })
        let index = try StorageIndex(bytes: Array(repeating: byte, count: 16))
        let ticket = UploadTicket(size: 1000, encoding: .default)
        _ = try await registry.ask(index, ticket)
        let token = try await registry.beginWrite(index, at: 0)
        _ = try await registry.write(token, Array(repeating: 1, count: 1000))
        _ = try await registry.endWrite(token)
        return (registry, index, ticket)
    }

    /// A start that comes while a pass runs is not lost: the client that saw the failure
    /// recorded just before the pass ended asks again at once, and that ask found the pass
    /// still running and was dropped (it waited for the client's next retry). With no
    /// servers every pass fails at once, so the outcome does not depend on timing.
    @Test func aStartDuringAFailingPassRunsAnotherPass() async throws {
        let (registry, index, ticket) = try await received(7)
        let coordinator = PushCoordinator(servers: [], helperSecret: "test", registry: registry)
        await coordinator.start(index, ticket)
        await coordinator.start(index, ticket)  // the first pass is running: kept for its end
        for _ in 0..<500 where await coordinator.passes < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await coordinator.passes == 2)
        // Once: a pass that fails with nobody asking is not run again at once (only after its
        // retry wait, 30 s here).
        for _ in 0..<100 where (try? await registry.status(index).phase) != .failed { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await coordinator.passes == 2)
        #expect(try await registry.status(index).phase == .failed)
        await coordinator.shutdown()
    }

    /// A failed push is tried again by itself, with waits that grow, so an upload spooled
    /// while the grid was short of servers goes out once the operator mends it, with no
    /// client asking (it waited for the client's next ask or a restart; operator test). A
    /// push aborted meanwhile is not.
    @Test func aFailedPushIsTriedAgainByItselfUntilItIsAborted() async throws {
        let (registry, index, ticket) = try await received(8)
        let coordinator = PushCoordinator(servers: [], helperSecret: "test", registry: registry, firstRetryWait: .milliseconds(100))
        await coordinator.start(index, ticket)
        // Waits of 0.1, 0.2 and 0.4 s: a fourth pass within about a second.
        for _ in 0..<300 where await coordinator.passes < 4 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await coordinator.passes >= 4)
        try await registry.abort(index)
        let after = await coordinator.passes
        try await Task.sleep(for: .seconds(2))
        #expect(await coordinator.passes <= after + 1, "an aborted push is not tried again")
        await coordinator.shutdown()
    }
}
