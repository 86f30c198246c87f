import FerryCore
import FerryHelperProtocol
import FerryIO
import FerryStorage
import HTTPTypes
import Hummingbird
import NIOCore

extension HelperService {
    /// PATCH: appends the body at `Upload-Offset`, in pieces, through the registry (which
    /// cuts off an older request for the same upload first). Whatever arrives before the
    /// body breaks off is kept and made durable.
    func append(_ request: Request, index: StorageIndex) async throws(HelperError) -> Response {
        guard let text = request.headers[Self.uploadOffset], let offset = UInt64(text) else {
            throw .badRequest("PATCH needs an Upload-Offset header with a byte count")
        }
        let declaredComplete = try Self.structuredBoolean(request.headers[Self.uploadComplete])
        let token = try await registry.beginWrite(index, at: offset)
        var pending: [UInt8] = []
        var broken: (any Error)?
        // At most one commit runs (off the actor) while the next bytes arrive.
        var syncing: Task<Void, any Error>?
        var stopping = false
        do {
            for try await buffer in request.body {
                pending += buffer.readableBytesView
                // Told to stop: this body ends here, kept as a broken one's would be.
                if NodeStopping.requested {
                    stopping = true
                    break
                }
                if pending.count >= Self.writePiece {
                    let commit = try await registry.write(token, pending)
                    pending.removeAll(keepingCapacity: true)
                    if let commit {
                        try await syncing?.value
                        syncing = Task { [registry] in
                            try await commit.run()
                            await registry.committed()
                        }
                    }
                }
            }
        } catch let error as HelperError {
            _ = try? await syncing?.value
            _ = try? await registry.endWrite(token)
            throw error
        } catch {
            broken = error
        }
        // A commit that failed is tried again by endWrite, which reports the error.
        _ = try? await syncing?.value
        if !pending.isEmpty {
            do { try await registry.write(token, pending) } catch {
                _ = try? await registry.endWrite(token)
                throw error
            }
        }
        // The last bytes are made durable off the actor too; a failure here is retried and
        // reported by endWrite.
        if let commit = await registry.finalCommit(token), (try? await commit.run()) != nil {
            await registry.committed()
        }
        let state = try await registry.endWrite(token)
        if state.complete, offset < state.offset {
            NodeLog.write("helper: upload \(index.base32): all \(state.offset) bytes received; encoding and pushing")
        }
        if stopping { throw .unavailable("the helper is stopping; it keeps the \(state.offset) bytes it holds of this upload") }
        if let broken { throw .badRequest("the request body broke off: \(broken)") }
        if declaredComplete == true, !state.complete {
            throw .badRequest("Upload-Complete was sent, but the upload holds \(state.offset) bytes of its declared size")
        }
        return Response(status: .noContent, headers: [Self.uploadOffset: String(state.offset), Self.uploadComplete: state.complete ? "?1" : "?0"])
    }

    /// The progress resource: phase, bytes received, segments encoded, per-server share
    /// progress, then the result or the error.
    func progress(_ index: StorageIndex) async throws(HelperError) -> CBORValue {
        let status = try await registry.status(index)
        let (result, failure, push) = await registry.outcome(index)
        var pairs: [(CBORValue, CBORValue)] = [
            (.text("revision"), .unsigned(status.revision)), (.text("state"), .text(status.phase.rawValue)),
            (.text("size"), .unsigned(status.size)), (.text("received"), .unsigned(status.received)), (.text("arrived"), .unsigned(status.arrived)),
            (.text("segments"), .unsigned(UInt64(push?.segments ?? 0))), (.text("encoded"), .unsigned(UInt64(push?.encoded ?? 0))),
        ]
        let addresses = grid?.addresses ?? [:]
        let servers = (push?.servers ?? [:]).sorted { $0.key < $1.key }.map { id, state in
            CBORValue.map([(.text("id"), .text(id))] + (addresses[id].map { [(.text("address"), .text($0))] } ?? [])
                          + [(.text("shares"), .array(state.shares.sorted().map { .unsigned(UInt64($0)) })),
                             (.text("held"), .unsigned(state.held)), (.text("sent"), .unsigned(state.sent)),
                             (.text("stored"), .unsigned(state.stored)), (.text("total"), .unsigned(state.total)),
                             (.text("state"), .text(state.state))])
        }
        pairs.append((.text("servers"), .array(servers)))
        if let result { pairs.append((.text("result"), HelperMessages.result(result))) }
        if let failure {
            pairs.append((.text("error"), .map([(.text("code"), .text(failure.code)), (.text("message"), .text(failure.message))])))
        }
        return .map(pairs)
    }

    /// A structured-field boolean (`?1` / `?0`), or nil when the header is absent.
    static func structuredBoolean(_ header: String?) throws(HelperError) -> Bool? {
        switch header?.trimmingCharacters(in: .whitespaces) {
        case nil: nil
        case "?1": true
        case "?0": false
        default: throw .badRequest("Upload-Complete must be ?1 or ?0")
        }
    }
}
