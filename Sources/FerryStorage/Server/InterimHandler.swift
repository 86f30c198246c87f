import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Sends `102 Processing` while a request body keeps arriving (see ``InterimPacing``).
/// Sits after the HTTP/1 codec, like ``ContinueHandler``; watches the answers going out so
/// none follows the final one.
public final class InterimHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private var pacing: InterimPacing
    private let clock: @Sendable () -> Double

    public init(every seconds: Double, clock: @escaping @Sendable () -> Double = InterimHandler.monotonicSeconds) {
        pacing = InterimPacing(every: seconds)
        self.clock = clock
    }

    public static let monotonicSeconds: @Sendable () -> Double = { Double(NIODeadline.now().uptimeNanoseconds) / 1e9 }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: pacing.requestBegan(now: clock())
        case .body:
            if pacing.bodyArrived(now: clock()) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .init(code: 102, reasonPhrase: "Processing")))), promise: nil)
            }
        case .end: pacing.stop()
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .head(let head) = unwrapOutboundIn(data), head.status.code >= 200 { pacing.stop() }
        context.write(data, promise: promise)
    }
}
