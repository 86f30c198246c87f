import ArgumentParser
import FerryStorage

/// The `--listen HOST:PORT` value of a serve command, checked; nil when not given.
func listenAddress(_ text: String?) throws -> ListenAddress? {
    guard let text else { return nil }
    guard let address = ListenAddress(text) else { throw ValidationError("--listen must be HOST:PORT") }
    return address
}
