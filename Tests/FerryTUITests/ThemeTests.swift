import FerryTestSupport
@testable import FerryTUI
import Foundation
import Testing

/// Themes: every shipped file parses and is the one embedded in the binary; each one's
/// colour mapping at every colour depth is kept in `Tests/Fixtures/themes/`; bad files
/// get errors naming the key.
struct ThemeTests {
    static let root = TahoePython.repositoryRoot
    static let names = ["default", "light", "high-contrast", "mono"]

    @Test func theShippedThemesAreTheEmbeddedOnes() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Themes").filter { $0.hasSuffix(".toml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltinThemes.files.keys))
        for file in files {
            let text = try String(contentsOfFile: Self.root + "/Themes/" + file, encoding: .utf8)
            #expect(BuiltinThemes.files[String(file.dropLast(5))] == String(text.dropLast()), "run scripts/embed-themes after editing \(file)")
        }
        #expect(Set(Self.names).isSubset(of: Set(BuiltinThemes.files.keys)))
    }

    static func mapping(_ theme: Theme) -> String {
        var lines: [String] = []
        for depth in [ColorDepth.full256, .basic16, .basic8, .none] {
            for role in StyleRole.allCases {
                for highlighted in [false, true] {
                    let style = theme.resolve(role, highlighted: highlighted, depth: depth)
                    let attributes = [style.bold ? "bold" : "", style.dim ? "dim" : "", style.underline ? "underline" : "", style.reverse ? "reverse" : ""]
                        .filter { !$0.isEmpty }.joined(separator: " ")
                    lines.append("\(depth) \(role.rawValue)\(highlighted ? " selected" : ""): fg \(style.foreground) bg \(style.background) \(attributes)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: names) func colourMappingMatchesTheGolden(_ name: String) throws {
        let theme = try #require(Theme.builtin(name))
        #expect(theme.name == name)
        let text = Self.mapping(theme)
        let file = Self.root + "/Tests/Fixtures/themes/\(name).txt"
        if ProcessInfo.processInfo.environment["FERRY_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.root + "/Tests/Fixtures/themes", withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOfFile: file, encoding: .utf8)), "FERRY_UPDATE_GOLDEN=1 rewrites \(file)")
    }

    /// Everything drawn on the header bar keeps the bar's background (or, without colour,
    /// its reverse video): the title drawn on the terminal's own background left a hole.
    @Test func theHeaderBarHasNoHoles() throws {
        for name in Self.names {
            let theme = try #require(Theme.builtin(name))
            for depth in [ColorDepth.full256, .basic16, .basic8, .none] {
                let bar = theme.resolve(.header, highlighted: false, depth: depth)
                for role in [StyleRole.title, .online, .offline] {
                    let style = theme.resolve(role, highlighted: false, depth: depth)
                    // (high-contrast shows bad news reversed, a block of its own colour: meant.)
                    let emphasis = role == .offline && style.reverse && !bar.reverse
                    #expect(style.background == bar.background && style.reverse == bar.reverse || emphasis, "\(name) \(depth) \(role)")
                }
            }
        }
    }

    @Test func withoutColourMeaningStaysInAttributes() throws {
        for name in Self.names {
            let theme = try #require(Theme.builtin(name))
            for role in StyleRole.allCases {
                let plain = theme.resolve(role, highlighted: false, depth: .none)
                #expect(plain.foreground == -1 && plain.background == -1, "\(name) \(role) uses no colour")
                #expect(theme.resolve(role, highlighted: true, depth: .none).reverse != plain.reverse, "\(name): the selected row shows without colour")
            }
        }
        #expect(ColorDepth.detect(colors: 256, environment: ["NO_COLOR": "1"]) == .none)
        #expect(ColorDepth.detect(colors: 256, environment: ["NO_COLOR": ""]) == .full256, "an empty NO_COLOR does not count")
        #expect(ColorDepth.detect(colors: 8, environment: [:]) == .basic8)
    }

    @Test func colourNamesAndNumbers() {
        #expect(PaletteColor.named("bright_red") == PaletteColor(full: 9, basic: 9))
        #expect(PaletteColor.named("Bright-Red") == PaletteColor(full: 9, basic: 9))
        #expect(PaletteColor(full: 196).basic == 9, "256-colour red stands in as bright red")
        #expect(PaletteColor(full: 16).basic == 0)
        #expect(PaletteColor(full: 39, basic: 12).number(at: .basic8) == 4)
        #expect(PaletteColor.named("chartreuse") == nil)
    }

    @Test(arguments: [
        ("name = 1\n[ui]\nnormal = \"red\"", "name: missing"),
        ("name = \"x\"\n[ui]\nsparkles = \"red\"", "ui.sparkles: unknown"),
        ("name = \"x\"\n[ui]\nfailed = \"red\"", "ui.failed: unknown"),
        ("name = \"x\"\n[state]\nfailed = \"chartreuse\"", "state.failed: \"chartreuse\" is not"),
        ("name = \"x\"\n[palette]\naccent = 300", "palette.accent: expected"),
        ("name = \"x\"\n[glyphs]\nbar_full = \"##\"", "glyphs.bar_full: expected one character"),
        ("name = \"x\"\n[glyphs]\nbar_full_ascii = \"█\"", "glyphs.bar_full_ascii: expected an ASCII character"),
        ("name = \"x\"\ncolours = 3", "colours: unknown"),
        ("name = \"x\"\n[ui\n", "screen.theme"),
    ])
    func badThemesAreClearErrors(_ text: String, _ expected: String) {
        #expect {
            try ThemeFile.parse(text)
        } throws: { error in
            let error = error as? ScreenError
            return error?.code == "screen.theme" && (error?.description.contains(expected) ?? false)
        }
    }

    @Test func keyMapOverridesAndErrors() throws {
        let (map, none) = KeyMap.standard.overriding(["toggle": ["p", "space"], "help": ["F2"]])
        #expect(none.isEmpty)
        #expect(map.action(for: .character("p")) == .toggle)
        #expect(map.action(for: .function(2)) == .help)
        #expect(map.action(for: .function(1)) == nil)
        let stolen = KeyMap.standard.overriding(["quit": ["a"]]).map
        #expect(stolen.action(for: .character("a")) == .quit)
        #expect(stolen.keys(for: .add).isEmpty, "a key moves to the action it was given to")
        // A wrong name is said, and the rest still apply (one typo dropped them all).
        let (typo, problems) = KeyMap.standard.overriding(["fly": ["x"], "quit": ["C-", "C-q"], "help": ["F99x"], "toggle": ["p"]])
        #expect(problems.map(\.description).count == 3, "\(problems)")
        #expect(problems.contains { $0.description.contains("keys.fly: unknown action") })
        #expect(problems.contains { $0.description.contains("keys.quit: \"C-\" is not a key") })
        #expect(typo.action(for: .character("p")) == .toggle && typo.action(for: .control("q")) == .quit)
        #expect(typo.keys(for: .help) == KeyMap.standard.keys(for: .help), "an action whose every name is wrong keeps its keys")
        for key in [Key.character(" "), .control("c"), .function(5), .pageDown, .character("k"), .backTab] {
            #expect(Key(name: key.name) == key, "\(key.name) round-trips")
        }
    }

    @Test func barsTruncationAndWidths() {
        #expect(Bar.parts(0.5, width: 4, glyphs: .ascii) == ("##", "--"))
        #expect(Bar.parts(0.55, width: 4, glyphs: .unicode) == ("██▏", "░"))
        #expect(Bar.parts(1, width: 3, glyphs: .unicode) == ("███", ""))
        #expect(Bar.parts(.nan, width: 2, glyphs: .ascii) == ("", "--"))
        #expect(Truncate.middle("backup-2026-11.tar.zst", 12, ellipsis: "…") == "backup…r.zst")
        #expect(Truncate.end("abcdef", 4, ellipsis: "~") == "abc~")
        #expect(DisplayWidth.of("日本") == 4)
        var grid = CellGrid(width: 5, height: 1)
        grid.put("ab日本", x: 0, y: 0)
        #expect(grid.lines == ["ab日 "], "a wide character that does not fit is not split")
    }
}
