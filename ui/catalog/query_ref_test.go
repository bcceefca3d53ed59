package catalog

import (
	"slices"
	"strings"
)

// The query syntax's meaning, written the plain way with none of the
// matcher's fast paths, prefilters or byte searches: the oracle the
// matcher is checked against. Fields become rune slices, folded for a
// term without upper case, and each kind of term is its textbook
// definition over them.

// refPasses reports whether e passes the query text: every group has a
// term that holds (a negation holds when its text is absent).
func refPasses(e *Entry, text string) bool {
	p := parsePattern(text)
	if p == nil {
		return true
	}
	for _, g := range p.groups {
		if !slices.ContainsFunc(g, func(t term) bool { return refFound(e, &t) != t.inv }) {
			return false
		}
	}
	return true
}

// refFound reports whether t's text is found in e as t's kind says: in
// the name, slug or family; in the ID as a run of at least MinIDTerm
// runes, case folded; in the type as a run of at least minTypeTerm runes.
func refFound(e *Entry, t *term) bool {
	for _, f := range []string{e.Name, e.Slug, e.Family} {
		if refField(f, t, !t.cased, t.kind) {
			return true
		}
	}
	runKind := t.kind
	if runKind == termFuzzy {
		runKind = termExact
	}
	n := len([]rune(t.pat))
	return n >= MinIDTerm && refField(strings.ToLower(e.Image.ID), t, true, runKind) && refIDClean(e) ||
		n >= minTypeTerm && refField(e.Type, t, !t.cased, runKind)
}

// refIDClean: the tests' IDs are plain ASCII, which is what the matcher's
// lower-cased sanitised ID then equals.
func refIDClean(e *Entry) bool { return e.idKey == strings.ToLower(e.Image.ID) }

// refField matches pattern text t.pat (folded when fold) against field s
// as kind says.
func refField(s string, t *term, fold bool, kind termKind) bool {
	f, p := refRunes(s, fold), refRunes(t.pat, fold)
	orig := []rune(s)
	if len(p) == 0 || len(f) == 0 {
		return false
	}
	white := func(r rune) bool { return classOf(r) == classWhite }
	switch kind {
	case termFuzzy:
		i := 0
		for _, r := range f {
			if i < len(p) && r == p[i] {
				i++
			}
		}
		return i == len(p)
	case termExact, termBoundary:
		for i := 0; i+len(p) <= len(f); i++ {
			if !slices.Equal(f[i:i+len(p)], p) {
				continue
			}
			if kind == termExact {
				return true
			}
			j := i + len(p)
			before := i == 0 || classOf(orig[i-1]) <= classDelimiter
			after := j == len(orig) || classOf(orig[j]) <= classDelimiter
			if before && after {
				return true
			}
		}
		return false
	}
	lo, hi := 0, len(f)
	if kind != termSuffix && !white(p[0]) {
		for lo < hi && white(f[lo]) {
			lo++
		}
	}
	if kind != termPrefix && !white(p[len(p)-1]) {
		for hi > lo && white(f[hi-1]) {
			hi--
		}
	}
	f = f[lo:hi]
	switch kind {
	case termPrefix:
		return len(f) >= len(p) && slices.Equal(f[:len(p)], p)
	case termSuffix:
		return len(f) >= len(p) && slices.Equal(f[len(f)-len(p):], p)
	}
	return slices.Equal(f, p)
}

func refRunes(s string, fold bool) []rune {
	rs := []rune(s)
	if fold {
		for i, r := range rs {
			rs[i] = lower(r)
		}
	}
	return rs
}
