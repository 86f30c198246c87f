import FerryTUI
import Foundation

/// The theme to draw with: a shipped one by name, or a TOML file (a path, or
/// `NAME.toml` in the config directory's `themes/`). Anything unreadable gives the default
/// theme and a message saying why.
enum ThemeChoice {
    /// The theme, or the default one and why (for the status bar: a mistake in the config
    /// file must not keep the screen from opening).
    static func load(_ name: String?, configDirectory: String) -> (Theme, String?) {
        switch parse(name, configDirectory: configDirectory) {
        case .success(let theme): (theme, nil)
        case .failure(let problem): (.standard, "\(problem.text); using the default theme")
        }
    }

    struct Problem: Error {
        let text: String
    }

    /// The theme, or what is wrong with it (a `--theme` on the command line is refused).
    static func parse(_ name: String?, configDirectory: String) -> Result<Theme, Problem> {
        guard let name, !name.isEmpty else { return .success(.standard) }
        if let theme = Theme.builtin(name) { return .success(theme) }
        let path = name.contains("/") ? name : "\(configDirectory)/themes/\(name).toml"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let known = BuiltinThemes.files.keys.sorted().joined(separator: ", ")
            return .failure(Problem(text: "screen.theme: no theme \"\(name)\" (shipped: \(known); or a file at \(path))"))
        }
        do throws(ScreenError) {
            return .success(try ThemeFile.parse(text))
        } catch {
            // The file's name first: the status bar may cut the rest.
            let file = (path as NSString).lastPathComponent
            return .failure(Problem(text: "\(file): \(error.message) (\(error.code))"))
        }
    }
}
