import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with an interim `100 Continue`, which Hummingbird does not
/// do itself. Without it, clients such as curl hold a large PATCH body back for a second
/// waiting for the interim answer. Sits after the HTTP/1 codec; the request goes on unchanged
/// except that the expectation, now met, is removed.
public final class ContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    public init() {}
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundOut = HTTPResponsePart

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data),
              let expectation = head.headerFields[.expect] else {
            context.fireChannelRead(data)
            return
        }
        if expectation.lowercased() == "100-continue" {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            head.headerFields[.expect] = nil
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
