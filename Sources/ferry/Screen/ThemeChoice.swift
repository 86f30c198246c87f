import FerryTUI
import Foundation

/// The theme to draw with: a shipped one by name, or a TOML file (a path, or
/// `NAME.toml` in the config directory's `themes/`). Anything unreadable gives the default
/// theme and a message saying why.
enum ThemeChoice {
    static func load(_ name: String?, configDirectory: String) -> (Theme, String?) {
        guard let name, !name.isEmpty else { return (.standard, nil) }
        if let theme = Theme.builtin(name) { return (theme, nil) }
        let path = name.contains("/") ? name : "\(configDirectory)/themes/\(name).toml"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let known = BuiltinThemes.files.keys.sorted().joined(separator: ", ")
            return (.standard, "screen.theme: no theme \"\(name)\" (shipped: \(known); or a file at \(path)); using the default")
        }
        do throws(ScreenError) {
            return (try ThemeFile.parse(text), nil)
        } catch {
            // The file's name first: the status bar may cut the rest.
            let file = (path as NSString).lastPathComponent
            return (.standard, "\(file): \(error.message) (\(error.code)); using the default theme")
        }
    }
}
