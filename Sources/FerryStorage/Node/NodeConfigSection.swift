import TOMLKit

/// A `[section]` of `ferry.toml` that a module other than the storage server owns (the
/// helper's `[helper]`). ``NodeConfig`` parses `[node]` and `[storage]` and hands the
/// section's keys to the owner, so one strict parser reads the whole file: a key no one
/// owns is still an error.
public protocol NodeConfigSection: Sendable {
    /// The section's name, without brackets.
    static var name: String { get }
    /// The defaults.
    init()
    /// Takes one `key = value` of the section; an unknown key or bad value throws.
    mutating func set(_ key: String, to value: any TOMLValueConvertible) throws(ConfigError)
    /// The section as it is written to the file, header and comments included.
    func render() -> String
}

/// No section beyond `[node]` and `[storage]` (a storage server's file).
public struct NoConfigSection: NodeConfigSection, Equatable {
    public static let name = ""
    public init() {}
    public mutating func set(_ key: String, to value: any TOMLValueConvertible) throws(ConfigError) {
        throw .unknownKey(key)
    }
    public func render() -> String { "" }
}
