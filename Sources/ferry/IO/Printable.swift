/// Names as a terminal line shows them: control characters (a tab or newline in a file
/// name) as `?`, so each transfer stays one line or row. JSON keeps the name as it is.
enum Printable {
    static func name(_ name: String) -> String {
        String(name.map { $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } ? "?" : $0 })
    }
}
