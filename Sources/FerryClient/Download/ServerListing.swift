import FerryCore
import FerryStorage

/// What one storage server said when asked which shares of a file it holds. A struct, not a
/// tuple, for the reason ``ShareOpening`` gives.
struct ServerListing: Sendable {
    let position: Int
    let answer: Result<Set<Int>, StorageError>

    /// Asks `server` (at `position` in the list); never throws.
    static func ask(_ server: StorageClient, at position: Int, for index: StorageIndex) async -> ServerListing {
        do throws(StorageError) {
            return ServerListing(position: position, answer: .success(try await server.shares(of: index)))
        } catch {
            return ServerListing(position: position, answer: .failure(error))
        }
    }
}
