import FerryIO

/// A node configuration file that cannot be used, with a stable ``code``.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not valid TOML (message with line and column).
    case syntax(String)
    /// A key Ferry does not know (often a typo); the text names it.
    case unknownKey(String)
    /// A known key with a value of the wrong type or out of range.
    case badValue(key: String, reason: String)
    /// The file could not be read or written.
    case io(String)
    /// One of the others, in the file at `path` (a command names the file it read).
    indirect case file(path: String, ConfigError)

    public var code: String {
        switch self {
        case .syntax: "config.syntax"
        case .unknownKey: "config.unknown_key"
        case .badValue: "config.bad_value"
        case .io: "config.io"
        case .file(_, let error): error.code
        }
    }

    /// What is wrong, without the code.
    public var message: String {
        switch self {
        case .syntax(let message), .io(let message): message
        case .unknownKey(let key): "unknown setting \(key)"
        case .badValue(let key, let reason): "\(key): \(reason)"
        case .file(let path, let error): "\(path): \(error.message)"
        }
    }

    public var description: String { "\(code): \(message)" }
}

extension ConfigError {
    /// Runs `body`, which reads or writes a config file: a file error becomes `.io`, a
    /// config error passes through.
    public static func reading<T>(_ body: () throws -> T) throws(ConfigError) -> T {
        do {
            return try body()
        } catch let error as FileError {
            throw .io(error.message)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw .io("\(error)")
        }
    }
}
