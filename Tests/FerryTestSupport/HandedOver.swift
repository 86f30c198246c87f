/// A value that is not Sendable (a `Process`, say) handed to or from the thread
/// ``OffThePool`` runs, by a test that uses it from one place at a time.
public struct HandedOver<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
