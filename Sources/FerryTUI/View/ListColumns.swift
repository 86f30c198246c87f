/// The list's columns at a width: where each starts and how wide it is (0: not shown).
/// Full (78+ columns): id, name, direction, bar, percent, speed, ETA, state. Medium
/// (60–77): no id and no ETA; the name gets two thirds of what is left. From 120 columns the
/// state is wide enough for a failure's reason. Compact (under 60): direction arrow, name,
/// bar, state.
struct ListColumns: Equatable {
    var id = 0, name = 0, direction = 0, bar = 0, percent = 0, speed = 0, eta = 0, state = 0

    init(width: Int, compact: Bool, idDigits: Int) {
        if compact {
            direction = 2
            state = min(11, max(6, width / 4))
            bar = max(4, min(20, (width - direction - state - 2) / 3))
        } else {
            id = width >= 78 ? max(2, idDigits) + 2 : 0
            direction = 4
            percent = 5
            speed = 11
            eta = width >= 78 ? 8 : 0
            // Wide, room for a failure's reason ("failed: insufficient storage"), taken from the name.
            state = width >= 119 ? 28 : 15  // from 120 columns (the list is the window less one)
            let flexible = width - id - direction - percent - speed - eta - state - 2
            bar = max(8, min(30, flexible / 3))
        }
        name = max(4, width - id - direction - bar - percent - speed - eta - state - (compact ? 2 : 3))
    }
}
