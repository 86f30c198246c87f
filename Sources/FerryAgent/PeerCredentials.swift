import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Who is on the other end of a Unix socket, as the kernel says (`SO_PEERCRED`): not
/// anything the peer could claim in a message.
enum PeerCredentials {
    /// `struct ucred` of <sys/socket.h> (pid, uid, gid).
    struct Credentials: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    static func of(_ channel: any Channel) async throws -> Credentials {
        guard let provider = channel as? any SocketOptionProvider else { throw AgentError.foreignUser }
        return try await provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED)).get()
    }
}
