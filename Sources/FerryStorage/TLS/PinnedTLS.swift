import Crypto
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// TLS pinned to a NURL's SPKI hash. AsyncHTTPClient has no custom verification hook, so
/// the server's certificate is fetched once over NIOSSL with a callback that checks its
/// SPKI hash; then clients trust exactly that certificate (no CA, no hostname check —
/// as the protocol specifies). A server that later presents another key fails the handshake.
public enum PinnedTLS {
    /// Connects to the NURL's host, checks the certificate's SPKI hash, returns the certificate.
    public static func fetchCertificate(for nurl: NURL, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                                        timeout: TimeAmount = .seconds(10)) async throws -> NIOSSLCertificate {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .noHostnameVerification
        // The callback below is the whole check: the system's CA roots (~280 certificates,
        // parsed for every context) have no part in it.
        configuration.trustRoots = .certificates([])
        let context = try NIOSSLContext(configuration: configuration)
        let expected = nurl.spkiHash
        let seen = NIOLockedValueBox<NIOSSLCertificate?>(nil)
        let rejected = NIOLockedValueBox(false)
        // The waiter's promise, kept here: a channel the server closes at once is torn down
        // before anyone could look its handler up in the pipeline.
        let handshake = NIOLockedValueBox<EventLoopFuture<Void>?>(nil)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try NIOSSLClientHandler(context: context, serverHostname: nil) { certificates, promise in
                        guard let leaf = certificates.first, let spki = try? leaf.extractPublicKey().toSPKIBytes(),
                              Array(SHA256.hash(data: spki)) == expected else {
                            rejected.withLockedValue { $0 = true }
                            promise.succeed(.failed)
                            return
                        }
                        seen.withLockedValue { $0 = leaf }
                        promise.succeed(.certificateVerified)
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                    let waiter = HandshakeWaiter(done: channel.eventLoop.makePromise())
                    handshake.withLockedValue { $0 = waiter.done.futureResult }
                    try channel.pipeline.syncOperations.addHandler(waiter)
                }
            }
            .connect(host: nurl.host, port: nurl.port).get()
        defer { channel.close(promise: nil as EventLoopPromise<Void>?) }
        // The connect timeout covers only TCP; a server that accepts and then says nothing
        // (stopped, wedged) must not hang the handshake forever.
        let stalled = NIOLockedValueBox(false)
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            stalled.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            guard let done = handshake.withLockedValue({ $0 }) else { throw ChannelError.ioOnClosedChannel }
            try await done.get()
        } catch {
            // However the failed handshake surfaces (alert, reset, close), a refused key is the cause.
            if rejected.withLockedValue({ $0 }) { throw StorageError.wrongServerKey }
            if stalled.withLockedValue({ $0 }) { throw StorageError.transport("stalled: no TLS handshake within \(Double(timeout.nanoseconds) / 1e9) s") }
            throw error
        }
        guard let certificate = seen.withLockedValue({ $0 }) else { throw StorageError.unauthorized }
        return certificate
    }

    /// Keeps checked certificates in `keeper` from now on, and takes them from it (a
    /// client's composition root sets one; nodes keep them in memory only).
    public static func keepCertificates(in keeper: any CertificateKeeper) {
        CheckedPins.keeper.withLockedValue { $0 = keeper }
    }

    /// Client TLS settings that trust only `certificate`, whatever name the server uses.
    public static func clientConfiguration(trusting certificate: NIOSSLCertificate) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([certificate])
        configuration.certificateVerification = .noHostnameVerification
        return configuration
    }

    /// Server TLS settings for a node identity.
    public static func serverConfiguration(_ identity: NodeIdentity) throws -> TLSConfiguration {
        let certificate = try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem)
        return TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
    }
}

/// Completes `done` when the TLS handshake finishes, or fails it with the handshake error.
/// Lives on its channel's event loop only.
private final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny
    let done: EventLoopPromise<Void>
    private var finished = false

    init(done: EventLoopPromise<Void>) { self.done = done }

    private func finish(_ result: Result<Void, any Error>) {
        guard !finished else { return }
        finished = true
        done.completeWith(result)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { finish(.success(())) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.ioOnClosedChannel))
        context.fireChannelInactive()
    }

    /// A channel that never connected (refused) is torn down without going inactive: the
    /// promise must still be completed.
    func handlerRemoved(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.ioOnClosedChannel))
    }
}
