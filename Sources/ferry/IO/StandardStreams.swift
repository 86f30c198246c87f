import CStandardStreams

/// Whether standard input or output was closed when the process started (`<&-`, `>&-`).
/// Such a descriptor was put on /dev/null before anything else ran (`CStandardStreams`),
/// so no file or socket of the process takes its number; these refuse to read or write
/// the stream instead of reading nothing or writing into /dev/null.
enum StandardStreams {
    static var inputWasClosed: Bool { ferry_closed_standard_streams() & 1 != 0 }
    static var outputWasClosed: Bool { ferry_closed_standard_streams() & 2 != 0 }
}
