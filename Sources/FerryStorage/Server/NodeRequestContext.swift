import Hummingbird
import NIOCore

/// The request context of Ferry's nodes: Hummingbird's basic one, and the address the
/// request came from (for the refusal log: an operator asked who was knocking).
public struct NodeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// "127.0.0.1:51234", or "an unknown address".
    public var client: String {
        guard let address = remoteAddress else { return "an unknown address" }
        if let ip = address.ipAddress, let port = address.port {
            return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
        return address.description
    }
}
