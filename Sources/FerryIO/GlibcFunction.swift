#if canImport(Glibc)
import Glibc
#endif

/// A glibc function the Glibc module does not export (those in <malloc.h>), looked up by
/// name in the running process; nil where there is no glibc or no such function.
enum GlibcFunction {
    static func lookup<Function>(_ name: String, as type: Function.Type) -> Function? {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
        #else
        return nil
        #endif
    }
}
