import FerryCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The immutable part of Tahoe-LAFS's HTTP storage protocol ("Great Black Swamp") over a
/// ``ShareStore``: routes, authorization and bodies; the store does the rest.
public struct StorageService: Sendable {
    let store: any ShareStore
    let swissnum: String
    let refusals = RefusalLog(name: "storage")
    let applicationVersion: String
    /// Bytes of share data handed to the store per write while a PATCH body streams in (and
    /// per read while a GET answers): bounds memory per request.
    static let writeChunk = 1 << 20
    /// Bytes staged between durable commits within one PATCH: a crash loses at most this
    /// much of a request still streaming, and each commit costs two fdatasyncs.
    static let commitInterval = 8 << 20
    /// Largest CBOR request body accepted.
    static let maximumMessage = 64 * 1024

    public init(store: any ShareStore, swissnum: String, applicationVersion: String = "ferry/0.1") {
        self.store = store
        self.swissnum = swissnum
        self.applicationVersion = applicationVersion
    }

    /// The router serving every endpoint under `/storage/v1`.
    public func router() -> Router<NodeRequestContext> {
        let router = Router(context: NodeRequestContext.self)
        let prefix = "/storage/v1"
        router.get("\(prefix)/version") { request, context in await handle(request, context) { _ in try await version() } }
        router.post("\(prefix)/immutable/:si") { request, context in
            await handle(request, context, secrets: [.leaseRenew, .leaseCancel, .upload]) { secrets in
                try await allocate(request, index: try Self.index(context), secrets: secrets)
            }
        }
        router.patch("\(prefix)/immutable/:si/:share") { request, context in
            await handle(request, context, secrets: [.upload]) { secrets in
                try await write(request, index: try Self.index(context), share: try Self.share(context), secrets: secrets)
            }
        }
        router.put("\(prefix)/immutable/:si/:share/abort") { request, context in
            await handle(request, context, secrets: [.upload]) { secrets in
                try await store.abort(try Self.index(context), share: try Self.share(context), upload: try UploadSecret(secrets[.upload]!))
                return Response(status: .ok)
            }
        }
        router.post("\(prefix)/immutable/:si/:share/corrupt") { request, context in
            await handle(request, context) { _ in
                let reason = try Messages.parseReason(try await Self.message(request))
                try await store.adviseCorrupt(try Self.index(context), share: try Self.share(context), reason: reason)
                return Response(status: .ok)
            }
        }
        router.get("\(prefix)/immutable/:si/shares") { request, context in
            await handle(request, context) { _ in Self.cbor(Messages.set(try await store.shares(of: try Self.index(context)))) }
        }
        router.get("\(prefix)/immutable/:si/:share") { request, context in
            await handle(request, context) { _ in try await read(request, index: try Self.index(context), share: try Self.share(context)) }
        }
        router.put("\(prefix)/lease/:si") { request, context in
            await handle(request, context, secrets: [.leaseRenew, .leaseCancel]) { secrets in
                let lease = try LeaseSecrets(renew: secrets[.leaseRenew]!, cancel: secrets[.leaseCancel]!)
                try await store.renewLease(try Self.index(context), lease: lease)
                return Response(status: .noContent)
            }
        }
        return router
    }

    private func version() async throws(StorageError) -> Response {
        let capacity = try await store.capacity()
        let message = Messages.Version(maximumImmutableShareSize: min(capacity.maximumShareSize, capacity.availableSpace),
                                       maximumMutableShareSize: 0, availableSpace: capacity.availableSpace,
                                       applicationVersion: Array(applicationVersion.utf8))
        return Self.cbor(message.cbor)
    }

    private func allocate(_ request: Request, index: StorageIndex, secrets: [SecretKind: [UInt8]]) async throws(StorageError) -> Response {
        let (shares, size) = try Messages.parseAllocateRequest(try await Self.message(request))
        let lease = try LeaseSecrets(renew: secrets[.leaseRenew]!, cancel: secrets[.leaseCancel]!)
        let allocation = try await store.allocate(index, shares: shares, size: size, upload: try UploadSecret(secrets[.upload]!), lease: lease)
        return Self.cbor(Messages.allocation(allocation))
    }
}
