package keymap

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Key names as Bubble Tea v2 spells a key press (tea.KeyPressMsg.String()),
// which is the string key.Matches compares a binding's keys against. A
// name that no key press ever produces would bind nothing, silently, so
// user-supplied names are checked here.

// modifiers in the order Bubble Tea writes them: "ctrl+alt+shift+a",
// never "shift+ctrl+a".
var modifiers = []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}

// namedKeys are the non-character keys a user is likely to bind. F-keys
// are checked separately (f1 … f63).
var namedKeys = []string{
	"enter", "tab", "backspace", "esc", "space",
	"up", "down", "left", "right",
	"home", "end", "pgup", "pgdown",
	"insert", "delete", "begin", "find", "select",
}

// keyAliases are spellings people reach for that Bubble Tea never
// produces, with the name it does produce.
var keyAliases = map[string]string{
	"escape": "esc", "return": "enter", "ret": "enter", "cr": "enter",
	"bs": "backspace", "bksp": "backspace", "del": "delete", "ins": "insert",
	"pgdn": "pgdown", "pagedown": "pgdown", "page_down": "pgdown", "page-down": "pgdown", "pgdwn": "pgdown",
	"pageup": "pgup", "page_up": "pgup", "page-up": "pgup",
	"spacebar": "space", " ": "space",
	"arrowup": "up", "arrowdown": "down", "arrowleft": "left", "arrowright": "right",
	"control": "ctrl", "option": "alt", "opt": "alt", "cmd": "super", "command": "super", "win": "super",
}

// keyNameHelp is the grammar, for error messages.
const keyNameHelp = `a key is one character (a, G, ?, /), a named key (enter, esc, tab, space, backspace, up, down, left, right, home, end, pgup, pgdown, insert, delete, f1 … f63), or either after modifiers in the order ctrl+alt+shift (ctrl+r, alt+enter, shift+tab)`

// CheckKey returns nil when s is a key press name that Bubble Tea v2
// produces, and otherwise an error that says what to write instead.
func CheckKey(s string) error {
	if s == "" {
		return fmt.Errorf("empty key name: %s", keyNameHelp)
	}
	if s == " " {
		return fmt.Errorf(`key " " is written "space"`)
	}
	if isChar(s) {
		return nil
	}
	mods, base := splitMods(s)
	if base == "" {
		return fmt.Errorf("key %q has modifiers but no key: %s", s, keyNameHelp)
	}
	canon := canonicalMods(mods)
	if len(mods) > 0 && strings.Join(mods, "+") != strings.Join(canon, "+") {
		return fmt.Errorf("key %q never arrives: write %q (modifiers come in the order %s, in lower case)",
			s, strings.Join(append(canon, strings.ToLower(base)), "+"), strings.Join(modifiers, "+"))
	}
	prefix := ""
	if len(mods) > 0 {
		prefix = strings.Join(mods, "+") + "+"
	}
	switch {
	case isNamed(base):
		return nil
	case isChar(base):
		r, _ := utf8.DecodeRuneInString(base)
		if slices.Equal(mods, []string{"shift"}) {
			// The terminal sends the shifted character itself.
			if unicode.IsLetter(r) {
				return fmt.Errorf("key %q never arrives: write %q", s, string(unicode.ToUpper(r)))
			}
			return fmt.Errorf("key %q never arrives: write the character shift+%s types (for example \"!\" for shift+1)", s, base)
		}
		if unicode.IsUpper(r) {
			withShift := canonicalMods(append(slices.Clone(mods), "shift"))
			return fmt.Errorf("key %q never arrives: with %s, letters are lower case; write %q",
				s, prefix[:len(prefix)-1], strings.Join(append(withShift, string(unicode.ToLower(r))), "+"))
		}
		return nil
	}
	lower := strings.ToLower(base)
	if isNamed(lower) {
		return fmt.Errorf("unknown key %q: key names are lower case; write %q", s, prefix+lower)
	}
	if to, ok := keyAliases[lower]; ok && isNamed(to) {
		return fmt.Errorf("unknown key %q: write %q", s, prefix+to)
	}
	if sug := Closest(lower, namedKeys); sug != "" {
		return fmt.Errorf("unknown key %q: did you mean %q? %s", s, prefix+sug, keyNameHelp)
	}
	return fmt.Errorf("unknown key %q: %s", s, keyNameHelp)
}

// isChar reports whether s is one printable, non-space character: a key
// whose press Bubble Tea reports as the character itself.
func isChar(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && r != utf8.RuneError && unicode.IsPrint(r) && !unicode.IsSpace(r)
}

func isNamed(s string) bool {
	if slices.Contains(namedKeys, s) {
		return true
	}
	if n, ok := strings.CutPrefix(s, "f"); ok && n != "" && n[0] != '0' {
		i, err := strconv.Atoi(n)
		return err == nil && i >= 1 && i <= 63
	}
	return false
}

// splitMods peels "mod+" prefixes off s. Modifier names are matched in any
// case and order so that the caller can say how to spell them; "ctrl++"
// is ctrl and "+".
func splitMods(s string) (mods []string, base string) {
	rest := s
	for {
		i := strings.IndexByte(rest, '+')
		if i <= 0 || i == len(rest)-1 {
			return mods, rest
		}
		m := strings.ToLower(rest[:i])
		if to, ok := keyAliases[m]; ok {
			m = to
		}
		if !slices.Contains(modifiers, m) {
			return mods, rest
		}
		mods = append(mods, rest[:i])
		rest = rest[i+1:]
	}
}

// canonicalMods is mods in lower case, de-duplicated, in Bubble Tea's
// order.
func canonicalMods(mods []string) []string {
	var out []string
	for _, want := range modifiers {
		for _, m := range mods {
			m = strings.ToLower(m)
			if to, ok := keyAliases[m]; ok {
				m = to
			}
			if m == want {
				out = append(out, want)
				break
			}
		}
	}
	return out
}

// IsTyped reports whether a key press is typed as text into a focused
// prompt (a character, or space) rather than being a command key.
func IsTyped(k string) bool { return isChar(k) || k == "space" }

// Closest returns the candidate nearest to s when it is near enough to be
// a slip of the fingers (one edit in a short name, two in a longer one),
// or "". Case counts; callers fold it first where it should not. The
// config file's "did you mean" uses it too.
func Closest(s string, candidates []string) string {
	limit := 1
	if n := utf8.RuneCountInString(s); n > 8 {
		limit = 3
	} else if n > 4 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps
// of neighbours that turn a into b (optimal string alignment distance).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
