/// Names as a terminal line shows them: control characters (a tab or newline in a file
/// name, an escape) as `?`, as `ls` shows them, so each transfer stays one line or row (and
/// a name with one is not read as another). JSON keeps the name as it is.
public enum Printable {
    public static func name(_ name: String) -> String {
        String(name.map { $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } ? "?" : $0 })
    }
}
