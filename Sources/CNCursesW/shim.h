// ncursesw for Swift: the wide-character API, and functions for what ncurses gives as
// macros (stdscr, COLORS, A_*, COLOR_PAIR, KEY_F), which Swift cannot import.
#ifndef FERRY_CNCURSESW_H
#define FERRY_CNCURSESW_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>

static inline WINDOW *ferry_stdscr(void) { return stdscr; }
static inline FILE *ferry_stdout(void) { return stdout; }
static inline FILE *ferry_stdin(void) { return stdin; }
static inline int ferry_lines(void) { return LINES; }
static inline int ferry_cols(void) { return COLS; }
static inline int ferry_colors(void) { return COLORS; }
static inline int ferry_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t ferry_a_normal(void) { return A_NORMAL; }
static inline attr_t ferry_a_bold(void) { return A_BOLD; }
static inline attr_t ferry_a_dim(void) { return A_DIM; }
static inline attr_t ferry_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ferry_a_reverse(void) { return A_REVERSE; }
static inline int ferry_key_f(int n) { return KEY_F(n); }

/// Puts one cell (a grapheme of up to 8 wide characters) at y, x.
static inline int ferry_put_cell(int y, int x, const wchar_t *text, attr_t attributes, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

/// Whether the current terminal type can move the cursor (`cup`; TERM=dumb cannot).
static inline int ferry_can_move_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/// Whether the locale's character set is UTF-8.
static inline int ferry_locale_is_utf8(void) {
    const char *set = nl_langinfo(CODESET);
    return set != NULL && (set[0] == 'U' || set[0] == 'u') && (set[1] == 'T' || set[1] == 't') && (set[2] == 'F' || set[2] == 'f');
}
#endif
