package catalog

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// termKind is how a query term matches a field, as in fzf's extended
// search mode.
type termKind uint8

const (
	termFuzzy    termKind = iota // abc: the runes in order, anywhere
	termExact                    // 'abc: a contiguous run
	termBoundary                 // 'abc': a contiguous run at word boundaries
	termPrefix                   // ^abc: the start of a field
	termSuffix                   // abc$: the end of a field
	termEqual                    // ^abc$: the whole field
)

// term is one term of a query.
type term struct {
	kind termKind
	// inv: the term must not match (fzf's !term); it scores and
	// highlights nothing.
	inv bool
	// cased: the term has an upper-case letter, so it is matched as typed
	// (fzf's smart case); otherwise case is folded rune by rune.
	cased bool
	s     string // lower-cased: the prefilter over Key, and the ID
	pat   string // what fields are matched against: s, or as typed when cased
	runes []rune // pat's runes
	ascii bool   // pat is ASCII, so byte searches over ASCII fields work
	need  uint64 // the charBits of s: what a key must hold for t to match it
	id    int    // index among all the pattern's terms
}

// group is terms joined by |: one of them must match.
type group []term

// pattern is a parsed query: every group must match. A nil *pattern
// filters nothing.
type pattern struct {
	groups []group
	n      int // terms in all groups
}

// parsePattern parses a query in fzf's extended syntax; nil means no text
// filter (an empty query, or one of bare operators such as ' or ^ still
// being typed). The rules are fzf's (src/pattern.go), so a query behaves
// as an fzf user expects:
//
//   - terms are separated by spaces; `\ ` is a space inside a term;
//   - a term matches fuzzily, `'term` exactly, `'term'` exactly at word
//     boundaries, `^term` at the start of a field, `term$` at its end and
//     `^term$` the whole field;
//   - `!term` must not match exactly (also `!^term`, `!term$`, `!'term'`),
//     and `!'term` must not match fuzzily;
//   - `|` between terms joins them into a group of which one must match;
//     a `|` with no term before it, or after another `|`, is a term;
//   - a term with an upper-case letter is matched case-sensitively.
func parsePattern(q string) *pattern {
	var p pattern
	var set group
	switchSet, afterBar := false, false
	for _, tok := range splitQuery(q) {
		if len(set) > 0 && !afterBar && tok == "|" {
			switchSet, afterBar = false, true
			continue
		}
		afterBar = false
		kind, inv, text := termFuzzy, false, tok
		if strings.HasPrefix(text, "!") {
			inv, kind, text = true, termExact, text[1:]
		}
		if text != "$" && strings.HasSuffix(text, "$") {
			kind, text = termSuffix, text[:len(text)-1]
		}
		switch {
		case len(text) > 2 && strings.HasPrefix(text, "'") && strings.HasSuffix(text, "'"):
			kind, text = termBoundary, text[1:len(text)-1]
		case strings.HasPrefix(text, "'"):
			// A quote flips exactness: !'term is an inverse fuzzy match.
			if inv {
				kind = termFuzzy
			} else {
				kind = termExact
			}
			text = text[1:]
		case strings.HasPrefix(text, "^"):
			if kind == termSuffix {
				kind = termEqual
			} else {
				kind = termPrefix
			}
			text = text[1:]
		}
		if text == "" {
			continue
		}
		if switchSet {
			p.groups = append(p.groups, set)
			set = nil
		}
		set = append(set, newTerm(kind, inv, text, p.n))
		p.n++
		switchSet = true
	}
	if len(set) > 0 {
		p.groups = append(p.groups, set)
	}
	if len(p.groups) == 0 {
		return nil
	}
	return &p
}

func newTerm(kind termKind, inv bool, text string, id int) term {
	var b strings.Builder
	appendLower(&b, text)
	t := term{kind: kind, inv: inv, s: b.String(), id: id}
	t.cased = t.s != text
	t.pat = t.s
	if t.cased {
		t.pat = text
	}
	t.runes = []rune(t.pat)
	t.ascii = len(t.runes) == len(t.pat)
	t.need = charBits(t.s)
	return t
}

// splitQuery splits q at white space (as strings.Fields, so that a query
// Query.Active calls blank has no terms), except a space escaped with a
// backslash, which becomes part of its term.
func splitQuery(q string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case r == '\\' && strings.HasPrefix(q[i+1:], " "):
			cur.WriteByte(' ')
			size = 2
		case unicode.IsSpace(r):
			flush()
		default:
			cur.WriteString(q[i : i+size])
		}
		i += size
	}
	flush()
	return out
}

// narrowsTo reports whether every entry that passes next passes p, so that
// only p's matches need to be matched against next. It is decided term by
// term: every group of p must be implied by some group of next. nil (no
// text) is passed by everything.
func (p *pattern) narrowsTo(next *pattern) bool { return p.narrows(next, false) }

// narrowsToWidened is narrowsTo for the keystroke that makes a term long
// enough to be looked for in the image's type or ID ("ub" to "ubu",
// "ubunt" to "ubuntu"): it reports whether every entry that passes next
// passes p, or else has a type or ID that a positive term of next holds
// as a run (see widenedBy). Those are few to find: the types are
// numbered, and a term with a letter past f is in no ID.
func (p *pattern) narrowsToWidened(next *pattern) bool { return p.narrows(next, true) }

func (p *pattern) narrows(next *pattern, widen bool) bool {
	if p == nil {
		return true
	}
	if next == nil {
		return false
	}
	for _, g := range p.groups {
		if !slices.ContainsFunc(next.groups, func(ng group) bool { return ng.implies(g, widen) }) {
			return false
		}
	}
	return true
}

// implies reports whether an entry that passes g passes old: whichever
// term of g matched, some term of old matched too.
func (g group) implies(old group, widen bool) bool {
	for i := range g {
		if !slices.ContainsFunc(old, func(o term) bool { return g[i].implies(&o, widen) }) {
			return false
		}
	}
	return true
}

// implies reports whether t holding for an entry means old holds too.
// For two negations it is the other way round: t's text absent means
// old's is absent when old's text present means t's is. With widen, a
// positive t may also hold through the type or ID where old, too short
// to be looked for there, does not (see narrowsToWidened); a negation is
// never widened.
func (t *term) implies(old *term, widen bool) bool {
	if t.inv != old.inv {
		return false
	}
	if t.inv {
		return old.finds(t, false)
	}
	return t.finds(old, widen)
}

// finds reports whether a field, the ID or the type that t matches (as a
// positive term) always also matches old; with widen, whether a field
// that t matches does, whatever the ID and the type.
func (t *term) finds(old *term, widen bool) bool {
	// A term that is long enough to be looked for in the ID or the type
	// may match there, where a shorter one is not looked for.
	if !widen && (len(t.runes) >= MinIDTerm && len(old.runes) < MinIDTerm ||
		len(t.runes) >= minTypeTerm && len(old.runes) < minTypeTerm) {
		return false
	}
	if old.cased && !t.cased {
		return false
	}
	have, want := t.s, old.s
	if old.cased {
		have, want = t.pat, old.pat
	}
	switch old.kind {
	case termFuzzy:
		// Any kind of match of have holds its prefix as a run, which is
		// what a fuzzy term finds in a field, the ID and the type alike.
		return strings.HasPrefix(have, want)
	case termExact:
		return t.kind != termFuzzy && strings.Contains(have, want)
	case termPrefix:
		return (t.kind == termPrefix || t.kind == termEqual) && strings.HasPrefix(have, want)
	case termSuffix:
		return (t.kind == termSuffix || t.kind == termEqual) && strings.HasSuffix(have, want)
	}
	return t.kind == old.kind && have == want
}

// widenedBy calls yield with every positive term of p long enough to be
// looked for in the type or the ID: where narrowsToWidened holds, an
// entry that passes p and not the query before it has a type or ID that
// one of them holds.
func (p *pattern) widenedBy(yield func(*term)) {
	for _, g := range p.groups {
		for i := range g {
			if t := &g[i]; !t.inv && len(t.runes) >= minTypeTerm {
				yield(t)
			}
		}
	}
}

// key is the same string for two patterns exactly when they are the same
// terms in the same groups, in the same order: queries that differ only
// in white space ("rocky" and "rocky "), which match and score alike.
func (p *pattern) key() string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	for _, g := range p.groups {
		b.WriteByte('|')
		for _, t := range g {
			// The kind, the negation, and the text matched; the text
			// says whether it is matched as typed (smart case).
			fmt.Fprintf(&b, "%d%t%d:%s", t.kind, t.inv, len(t.pat), t.pat)
		}
	}
	return b.String()
}
