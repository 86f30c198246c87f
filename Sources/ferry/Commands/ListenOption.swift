import ArgumentParser
import FerryStorage
import Glibc
import NIOCore

/// The `--listen HOST:PORT` value of a serve command, checked; nil when not given.
func listenAddress(_ text: String?) throws -> ListenAddress? {
    guard let text else { return nil }
    guard let address = ListenAddress(text) else { throw ValidationError("--listen must be HOST:PORT") }
    return address
}

/// A serve command's failure: an address another program holds gets a code and what to do
/// (NIO's own words were "bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)").
func serveFailure(_ error: any Error, basedir: String) -> ExitCode {
    if let busy = error as? NodeBusy {
        printError("error: \(busy.code): \(busy.message)")
        return FerryExit.unavailable
    }
    guard let io = error as? IOError, io.errnoCode == EADDRINUSE else { return fail(error) }
    printError("error: node.address_in_use: the address to listen on (--listen, or [node] listen in \(basedir)/ferry.toml) "
               + "is in use by another program; stop it, or listen elsewhere (port 0 picks a free one, and a new port changes the NURL)")
    return FerryExit.unavailable
}
