import FerryIO

/// A storage node's timer that abandons incoming shares no uploader has touched for
/// ``UploadRules/idleIncomingTimeout`` (the rule and the removal are the store's).
enum IdleIncomingSweep {
    /// Sweeps `store` every `interval` for as long as the node runs, saying in the log what
    /// it abandoned.
    @discardableResult
    static func start(_ store: any ShareStore, every interval: Duration = .seconds(60)) -> Task<Void, Never> {
        Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do throws(StorageError) {
                    let count = try await store.abandonIdle()
                    if count > 0 {
                        NodeLog.write("storage: abandoned \(count) incoming share\(count == 1 ? "" : "s") untouched for \(UploadRules.idleIncomingTimeout / 60) minutes")
                    }
                } catch {
                    NodeLog.write("storage: could not abandon idle incoming shares: \(error)")
                }
            }
        }
    }
}
