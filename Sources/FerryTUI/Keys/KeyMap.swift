/// Key bindings as data: which keys do what. The help screen and the hint bar are made
/// from it, and the config's `[keys]` table replaces the keys of any action.
public struct KeyMap: Sendable, Equatable {
    public private(set) var bindings: [(action: KeyAction, keys: [Key])]

    public static let standard = KeyMap(bindings: [
        (.up, [.up, .character("k")]), (.down, [.down, .character("j")]),
        (.pageUp, [.pageUp]), (.pageDown, [.pageDown]), (.top, [.home]), (.bottom, [.end, .character("G")]),
        (.toggle, [.character(" ")]), (.pauseAll, [.character("P")]), (.resumeAll, [.character("R")]),
        (.add, [.character("a")]), (.get, [.character("g")]), (.remove, [.character("d"), .delete]),
        (.priorityUp, [.character("+")]), (.priorityDown, [.character("-")]), (.rateLimit, [.character("l")]),
        (.filter, [.character("/")]), (.sort, [.character("s")]), (.switchPane, [.tab]), (.copyCap, [.character("y")]),
        (.help, [.character("?"), .function(1)]), (.quit, [.character("q")]),
    ])

    init(bindings: [(action: KeyAction, keys: [Key])]) {
        self.bindings = bindings
    }

    public static func == (lhs: KeyMap, rhs: KeyMap) -> Bool {
        lhs.bindings.map(\.action) == rhs.bindings.map(\.action) && lhs.bindings.map(\.keys) == rhs.bindings.map(\.keys)
    }

    /// The action bound to `key` (the first binding wins).
    public func action(for key: Key) -> KeyAction? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// The keys of `action`.
    public func keys(for action: KeyAction) -> [Key] {
        bindings.first { $0.action == action }?.keys ?? []
    }

    /// This map with the actions in `overrides` (action name → key names) rebound; a key
    /// taken from another action is removed from it. A wrong name is a problem said, and
    /// only its own binding is left as it was (one typo dropped every custom key: a user
    /// test); an action whose names are all wrong keeps its keys.
    public func overriding(_ overrides: [String: [String]]) -> (map: KeyMap, problems: [ScreenError]) {
        var map = self
        var problems: [ScreenError] = []
        for (name, keyNames) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let action = KeyAction(rawValue: name) else {
                problems.append(.keys("keys.\(name): unknown action; expected one of \(KeyAction.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            var keys: [Key] = []
            for keyName in keyNames {
                guard let key = Key(name: keyName) else {
                    problems.append(.keys("keys.\(name): \"\(keyName)\" is not a key (try \"x\", \"space\", \"C-x\", \"F5\", \"pgdn\")"))
                    continue
                }
                keys.append(key)
            }
            guard !keys.isEmpty || keyNames.isEmpty else { continue }
            map.bindings = map.bindings.map { binding in
                binding.action == action ? (action, keys) : (binding.action, binding.keys.filter { !keys.contains($0) })
            }
        }
        return (map, problems)
    }
}
