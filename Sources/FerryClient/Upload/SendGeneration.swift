import Synchronization

/// Which of an upload's sends is the current one (see ``UploadRun``): each send takes the
/// next number, and a body counts its bytes only while its number is current.
final class SendGeneration: Sendable {
    private let current = Atomic(0)

    /// Starts a new send; its number.
    func next() -> Int { current.add(1, ordering: .relaxed).newValue }

    func isCurrent(_ number: Int) -> Bool { current.load(ordering: .relaxed) == number }
}
