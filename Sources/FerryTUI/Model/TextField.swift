/// A one-line text input with a cursor (in characters).
public struct TextField: Sendable, Equatable {
    public var text: String
    public var cursor: Int
    /// The whole text is selected (a value filled in for the person): a typed character or
    /// a deletion replaces it, a move keeps it. Typed after a filled-in `512`, `1M` made
    /// `5121M` (5 GiB/s) unseen.
    public var selected: Bool

    public init(_ text: String = "", selected: Bool = false) {
        self.text = text
        cursor = text.count
        self.selected = selected && !text.isEmpty
    }

    /// Applies an editing key; false if the key is not an edit.
    public mutating func edit(_ key: Key) -> Bool {
        if selected {
            selected = false
            switch key {
            case .character, .paste, .backspace, .control("h"), .delete, .control("d"), .control("u"), .control("k"), .control("w"):
                text = ""
                cursor = 0
                switch key {
                case .character, .paste: break
                default: return true
                }
            default: break
            }
        }
        var characters = Array(text)
        cursor = min(cursor, characters.count)
        // Typed, or pasted whole: a paste fed in a character at a time rebuilt the text for
        // each one (30,000 pasted characters held the screen for minutes).
        let inserted: String? = switch key {
        case .character(let character): String(character)
        case .paste(let pasted): pasted
        default: nil
        }
        if let inserted {
            // A terminal sends a grapheme one scalar at a time: a joiner or a mark joins the
            // character before it, and the text has fewer characters than were typed (the
            // cursor counted 👨‍👩‍👧 as five, and the next key's insert went past the end).
            let before = String(characters[..<cursor]) + inserted
            text = before + String(characters[cursor...])
            cursor = min(before.count, text.count)
            return true
        }
        switch key {
        case .backspace, .control("h"):
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .control("d"):
            guard cursor < characters.count else { return true }
            characters.remove(at: cursor)
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .control("k"): characters.removeLast(characters.count - cursor)
        case .control("w"):
            var start = cursor
            while start > 0, characters[start - 1] == " " || characters[start - 1] == "/" { start -= 1 }
            while start > 0, characters[start - 1] != " ", characters[start - 1] != "/" { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        default: return false
        }
        text = String(characters)
        return true
    }
}
