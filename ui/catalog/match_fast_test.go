package catalog

import (
	"slices"
	"strings"
	"testing"
)

func TestASCIIClassTable(t *testing.T) {
	for c := range rune(128) {
		if classOf(c) != classOfSlow(c) {
			t.Errorf("class of %q: table %d, computed %d", c, classOf(c), classOfSlow(c))
		}
	}
}

// checkFast checks that the fast paths (byte search over the lowered
// field, the one-byte pattern, score without positions) give exactly the
// score and positions of the plain matcher.
func checkFast(t *testing.T, s, query string) {
	t.Helper()
	var b strings.Builder
	appendLower(&b, query)
	pattern := []rune(b.String())
	if len(pattern) == 0 {
		return
	}
	var ref, mt matcher
	var wantPos []int
	want, wantOK := ref.fieldRef(s, pattern, &wantPos)

	low, pat := "", ""
	if isASCII(s) && len(pattern) == len(b.String()) {
		var lb strings.Builder
		appendLower(&lb, s)
		low, pat = lb.String(), b.String()
	}
	var pos []int
	got, ok := mt.fieldLow(s, low, pattern, pat, true, &pos)
	if ok != wantOK || ok && (got != want || !slices.Equal(pos, wantPos)) {
		t.Fatalf("fieldLow(%q, %q, fast=%v) = %d %v %v, want %d %v %v", s, query, low != "", got, pos, ok, want, wantPos, wantOK)
	}
	got, ok = mt.fieldLow(s, low, pattern, pat, true, nil)
	if ok != wantOK || ok && got != want {
		t.Fatalf("fieldLow(%q, %q) without positions = %d %v, want %d %v", s, query, got, ok, want, wantOK)
	}
}

func TestFastPathsOnGeneratedCatalog(t *testing.T) {
	es := benchEntries(3000)
	queries := []string{"u", "ub", "ubu", "ubun", "snap", "deb", "py", "T", "2024", "prod-api", "x", "wind srv", "rocky 9"}
	var ref, mt matcher
	for _, q := range queries {
		p := parsePattern(q)
		for _, e := range es {
			for _, fld := range []string{e.Name, e.Slug, e.Family} {
				for _, g := range p.groups {
					for _, tm := range g {
						checkFast(t, fld, tm.s)
					}
				}
			}
			// Whole entries: the score without positions is the score with.
			m, ok := mt.entry(e, p)
			f := entryFields(e)
			sc, ok2 := ref.fieldsScore(&f, p, nil)
			if ok != ok2 || ok && m.score != sc {
				t.Fatalf("%q on %q: entry %d %v, score only %d %v", q, e.Name, m.score, ok, sc, ok2)
			}
		}
	}
}
