// Package text makes strings that come from the API safe and measurable
// before they reach a terminal. Every name, family, slug, region, version
// and error message the TUI renders or the CLI prints goes through
// [Sanitize] first, and every column is sized with [Width], [Truncate] and
// [PadRight], so that one set of rules decides what a cell looks like.
//
// The threat is a catalog entry written by someone else: a name holding an
// OSC 52 clipboard write, a screen clear, a title change, a newline that
// breaks a table row, or a bidi override that makes "\u202Egnp.exe" read
// as "exe.png". Sanitize removes all of these; what it keeps is plain
// single-line text whose display width the other functions can trust.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// What Sanitize does, rune by rune:
//
//   - Printable ASCII and other visible text is kept as is.
//   - Escape sequences are removed together with their payload: CSI
//     (ESC [ … final), OSC (ESC ] … BEL or ST), DCS (ESC P), SOS (ESC X),
//     PM (ESC ^), APC (ESC _) and their C1 forms U+009B, U+009D, U+0090,
//     U+0098, U+009E, U+009F, plus the short ESC sequences (ESC c, ESC 7,
//     ESC ( B, …). A string sequence ends at BEL, ST (ESC \ or U+009C),
//     CAN or SUB; one left open runs to the end of the input and is removed
//     whole, since a terminal would swallow whatever came after it.
//     A CSI that meets a byte that cannot be part of it is removed up to
//     that byte, and the byte is then handled on its own.
//   - A lone ESC, the other C0 controls, DEL and the other C1 controls are
//     removed.
//   - \t, \n, \v, \f, \r, NEL (U+0085), LINE SEPARATOR (U+2028) and
//     PARAGRAPH SEPARATOR (U+2029) become one space each, so words that a
//     line break separated stay separated.
//   - Each run of invalid UTF-8 becomes one U+FFFD.
//   - Invisible format characters are removed: every rune of category Cf
//     (bidi embeddings, overrides, isolates and marks, U+061C, U+200B,
//     U+200C, U+2060–U+2064, U+FEFF, U+00AD, the tag characters
//     U+E0001 and U+E0020–U+E007F, …); the unassigned runes Unicode
//     reserves as default-ignorable (U+2065, U+FFF0–U+FFF8, U+E0000–U+E0FFF
//     apart from the variation selectors U+E0100–U+E01EF); and a few
//     invisible non-Cf runes only ever used to make two names look alike
//     (U+034F, U+115F, U+1160, U+17B4, U+17B5, U+3164, U+FFA0).
//   - Marks at the very start (a combining accent, a spacing vowel sign,
//     a skin-tone modifier with no emoji before it) and the few Prepend
//     letters outside Cf are removed, so no grapheme cluster can reach
//     across the seam between this text and the padding, separator or
//     ellipsis put next to it (see clusters.go).
//   - ZERO WIDTH JOINER (U+200D) is the one Cf rune emoji need: it is kept
//     when both neighbours are visible non-ASCII runes (👩‍💻, Indic
//     conjuncts) and removed otherwise, so it cannot hide inside an ASCII
//     word. Variation selectors, skin-tone modifiers and combining marks
//     are not Cf and are kept. Tag characters are removed, so a
//     subdivision flag such as 🏴 + tags shows as the plain black flag.
//
// The result holds no rune below U+0020, no DEL, no U+0080–U+009F, no bidi
// control, and Sanitize(Sanitize(s)) == Sanitize(s).

const (
	esc = 0x1b
	bel = 0x07
	can = 0x18
	sub = 0x1a
	zwj = '\u200d'
)

// Sanitize returns s as safe single-line display text. Clean input (the
// common case: printable ASCII) is returned unchanged without allocating.
func Sanitize(s string) string {
	i, prev := cleanPrefix(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			prev = rune(c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case esc:
				i = skipEscape(s, i+1)
			case '\t', '\n', '\v', '\f', '\r':
				b.WriteByte(' ')
				prev = ' '
				i++
			default: // other C0 and DEL
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			for i < len(s) {
				r, size := utf8.DecodeRuneInString(s[i:])
				if r != utf8.RuneError || size != 1 {
					break
				}
				i++
			}
			b.WriteRune(utf8.RuneError)
			prev = utf8.RuneError
			continue
		}
		i += size
		switch classify(r) {
		case keep:
			if b.Len() == 0 && attachesToPrevious(r) {
				break // a mark with no base
			}
			b.WriteString(s[i-size : i])
			prev = r
		case space:
			b.WriteByte(' ')
			prev = ' '
		case joiner:
			if keepJoiner(prev, s[i:]) {
				b.WriteString(s[i-size : i])
				prev = r
			}
		case csi:
			i = skipCSI(s, i)
		case str:
			i = skipString(s, i)
		case drop:
		}
	}
	return b.String()
}

// cleanPrefix returns the length of the longest prefix of s that Sanitize
// keeps unchanged, and the last rune of that prefix (0 if it is empty).
func cleanPrefix(s string) (int, rune) {
	var prev rune
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			prev = rune(c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			return i, prev
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i, prev
		}
		switch classify(r) {
		case keep:
			if i == 0 && attachesToPrevious(r) {
				return i, prev
			}
		case joiner:
			if !keepJoiner(prev, s[i+size:]) {
				return i, prev
			}
		default:
			return i, prev
		}
		prev = r
		i += size
	}
	return i, prev
}

type class uint8

const (
	keep   class = iota
	drop         // removed
	space        // becomes ' '
	joiner       // U+200D, kept between visible non-ASCII runes
	csi          // C1 CSI: starts a control sequence
	str          // C1 OSC, DCS, SOS, PM, APC: starts a control string
)

// classify decides what happens to a valid non-ASCII rune.
func classify(r rune) class {
	switch {
	case r <= 0x9f:
		switch r {
		case 0x85: // NEL
			return space
		case 0x9b:
			return csi
		case 0x90, 0x98, 0x9d, 0x9e, 0x9f:
			return str
		}
		return drop
	case r == zwj:
		return joiner
	case r == '\u2028', r == '\u2029':
		return space
	case r >= 0xe0000 && r <= 0xe0fff && !(r >= 0xe0100 && r <= 0xe01ef),
		r >= 0x2060 && r <= 0x206f, r >= 0xfff0 && r <= 0xfff8:
		// Tag characters and the unassigned default-ignorable runes
		// around them: Cf once assigned, invisible meanwhile. The
		// variation selectors U+E0100–U+E01EF are kept.
		return drop
	case r == '\u034f', // COMBINING GRAPHEME JOINER
		r == '\u115f', r == '\u1160', r == '\u3164', r == '\uffa0', // Hangul fillers
		r == '\u17b4', r == '\u17b5': // Khmer inherent vowels
		return drop
	case unicode.Is(unicode.Cf, r), isPrepend(r):
		return drop
	}
	return keep
}

// keepJoiner reports whether a ZWJ that follows prev (the last rune kept)
// and precedes rest stays: both neighbours must be visible non-ASCII runes
// that Sanitize keeps as they are. The rule looks only at values that are
// the same before and after sanitising, which keeps Sanitize idempotent.
func keepJoiner(prev rune, rest string) bool {
	if !visibleNonASCII(prev) {
		return false
	}
	next, size := utf8.DecodeRuneInString(rest)
	if next == utf8.RuneError && size <= 1 {
		return false
	}
	return visibleNonASCII(next)
}

func visibleNonASCII(r rune) bool {
	return r >= utf8.RuneSelf && classify(r) == keep && !unicode.IsSpace(r)
}

// skipEscape returns the index just past the escape sequence whose ESC sits
// right before s[i]. A lone ESC removes only itself.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch c := s[i]; {
	case c == '[':
		return skipCSI(s, i+1)
	case c == ']', c == 'P', c == 'X', c == '^', c == '_':
		return skipString(s, i+1)
	case c >= 0x20 && c <= 0x2f: // intermediates, then a final byte (nF: ESC ( B)
		j := i
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
			j++
		}
		if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
			return j + 1
		}
		return j
	case c >= 0x30 && c <= 0x7e: // ESC 7, ESC c, ESC M, …
		return i + 1
	}
	return i
}

// skipCSI returns the index just past the control sequence whose
// parameters start at s[i]: parameter bytes 0x30–0x3F, intermediate bytes
// 0x20–0x2F, then one final byte 0x40–0x7E. Any other byte ends the
// sequence early and is left for the caller.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x20 && c <= 0x3f:
			i++
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just past the control string (OSC, DCS,
// SOS, PM, APC) whose payload starts at s[i]. It ends at BEL, at ST (ESC \
// or U+009C), or is aborted by CAN, SUB or an ESC that starts something
// else; an unterminated string runs to the end of s.
func skipString(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case bel, can, sub:
			return i + 1
		case esc:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // the ESC starts the next sequence
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
		i++
	}
	return i
}
