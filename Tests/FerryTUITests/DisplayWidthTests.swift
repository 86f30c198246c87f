import FerryTUI
import Glibc
import Testing

/// The screen's column arithmetic against the C library's `wcwidth` (the one ncurses lays
/// the screen out by) in C.UTF-8, for every assigned character past ASCII.
struct DisplayWidthTests {
    @Test func agreesWithTheCLibrary() throws {
        typealias Width = @convention(c) (wchar_t) -> Int32  // not in the Glibc module (an X/Open extension)
        let wcwidth = unsafeBitCast(try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth")), to: Width.self)
        let locale = try #require(newlocale(LC_CTYPE_MASK, "C.UTF-8", nil))
        defer { freelocale(locale) }
        let previous = uselocale(locale)
        defer { uselocale(previous) }
        var differing: [String] = []
        for value in UInt32(0xA0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), case let expected = Int(wcwidth(wchar_t(value))), expected >= 0,
                  scalar.properties.generalCategory != .unassigned else { continue }
            // Unicode 15 made U+1171E a spacing mark; glibc 2.36 still has it as non-spacing.
            guard value != 0x1171E else { continue }
            let measured = DisplayWidth.of(Character(scalar))
            if measured != expected { differing.append("U+\(String(value, radix: 16)) \(measured) vs \(expected)") }
        }
        #expect(differing.isEmpty, "\(differing.count): \(differing.prefix(40).joined(separator: ", "))")
        #expect(DisplayWidth.of("🚀 日本 café") == 2 + 1 + 4 + 1 + 4)
    }

    /// A grapheme of several characters that take columns is drawn as those characters,
    /// joiners left out, so ncurses takes every cell and no terminal joins them: 👨‍👩‍👧 was
    /// measured 2 and drawn by ncurses as nothing (setcchar refused the cell), and a row's
    /// last columns were cut and stray cells left.
    @Test func severalSpacingCharactersInOneGraphemeAreDrawnSideBySide() {
        let family: Character = "👨\u{200D}👩\u{200D}👧"
        #expect(DisplayWidth.pieces(family).map(\.text) == ["👨", "👩", "👧"])
        #expect(DisplayWidth.of(family) == 6)
        #expect(DisplayWidth.pieces("👍🏽").map(\.text) == ["👍"], "a skin tone goes: terminals draw it apart or join it back")
        #expect(DisplayWidth.pieces("🏽").map(\.width) == [2], "alone, it is drawn")
        #expect(DisplayWidth.drawn("x👨\u{200D}👩\u{200D}👧 👍🏽.txt") == "x👨👩👧 👍.txt")
        #expect(DisplayWidth.pieces("❤️").map(\.text) == ["❤️"], "a variation selector stays with its character")
        #expect(DisplayWidth.pieces("e\u{301}").map(\.text) == ["e\u{301}"] && DisplayWidth.of(Character("e\u{301}")) == 1)
        var grid = CellGrid(width: 12, height: 1)
        let drawn = grid.put("a\(family)b", x: 0, y: 0)
        #expect(drawn == 8)
        #expect(grid.lines[0] == "a👨👩👧b    ")
        #expect(DisplayWidth.of("a\(family)b") == drawn, "measured as drawn")
        var narrow = CellGrid(width: 5, height: 1)
        #expect(narrow.put("\(family)", x: 0, y: 0) == 5, "cut inside the sequence: a blank fills the half cell")
        #expect(narrow.lines[0] == "👨👩 ")
    }
}
