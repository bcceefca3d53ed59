package catalog

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// pairsOf builds the pair index of c0 over entries, as the UI does.
func pairsOf(t *testing.T, entries []*Entry, c0 byte) *Results {
	t.Helper()
	v := NewResults()
	v.Update(entries, Query{Text: string(c0)})
	work := v.PairWork()
	if work == nil {
		t.Fatalf("no pair index for %q", c0)
	}
	v.SetPairs(work(context.Background()))
	if v.pairs == nil {
		t.Fatalf("the pair index of %q was not kept", c0)
	}
	return v
}

// checkPairs holds the index's score for c0 and each character, against
// each entry, to the matcher's for the query of those two characters; an
// entry the index leaves to the matcher is one it could not score.
func checkPairs(t *testing.T, entries []*Entry, c0s string) {
	t.Helper()
	var mt matcher
	for _, c0 := range []byte(c0s) {
		v := pairsOf(t, entries, c0)
		for _, c1 := range firstChars {
			q := string(c0) + string(c1)
			p := parsePattern(q)
			col := v.pairColumn(p)
			if len(col) != len(entries) {
				t.Fatalf("%q: a column of %d entries, want %d", q, len(col), len(entries))
			}
			for i, e := range entries {
				m, ok := mt.entry(e, p)
				switch sc := col[i]; {
				case sc == pairUnknown:
					if f := entryFields(e); f.ascii && max(len(e.Name), len(e.Slug), len(e.Family)) <= maxCells/2 {
						t.Fatalf("%q against name %q: left to the matcher, though ASCII and short", q, e.Name)
					}
				case ok != (sc != pairNone) || ok && int(sc) != m.score:
					t.Fatalf("%q against name %q, slug %q, family %q: the index says %d, the matcher %d, %v",
						q, e.Name, e.Slug, e.Family, sc, m.score, ok)
				}
			}
		}
	}
}

// TestPairIndexMatchesMatcher: for the demo, a generated catalog and
// names chosen for their runs, gaps, repeats and bonuses, the index
// scores each two-character query as the matcher does.
func TestPairIndexMatchesMatcher(t *testing.T) {
	odd := append(oddImages(),
		fieldsEntry("aaaa bbbb aaab abab", "ba-ab", "Aa", 10),
		fieldsEntry("u"+strings.Repeat("x", 100)+"b ub", "u_b", "U B", 11),
		fieldsEntry("b a", "ba", "", 12),
		fieldsEntry("x"+strings.Repeat("ab", maxCells/4+1), "ab", "", 13),
	)
	for name, c := range map[string]struct {
		imgs []api.Image
		c0s  string
	}{
		"demo":      {fakeapi.DemoCatalog(), firstChars},
		"generated": {fakeapi.Generate(1500, 5), "udrc09"},
		"odd":       {odd, firstChars},
	} {
		t.Run(name, func(t *testing.T) { checkPairs(t, entriesOf(c.imgs), c.c0s) })
	}
}

// TestPairIndexAnswersOnlyItsTerms: the index stands in for the matcher
// only for one positive, lower-case, fuzzy term of two letters or digits
// whose first is the one it was built for.
func TestPairIndexAnswersOnlyItsTerms(t *testing.T) {
	v := pairsOf(t, entriesOf([]api.Image{fieldsEntry("ubuntu", "", "", 1)}), 'u')
	for q, want := range map[string]bool{
		"ub": true, "u7": true, " ub ": true, "uu": true,
		"uB": false, "Ub": false, "db": false, "u": false, "ubu": false, "'ub": false, "^ub": false,
		"ub$": false, "!ub": false, "u b": false, "ub | x": false, "u-": false, "ué": false,
	} {
		if got := v.pairColumn(parsePattern(q)) != nil; got != want {
			t.Errorf("%q: answered by the index %v, want %v", q, got, want)
		}
	}
	for _, c := range []struct {
		q    string
		want bool
	}{{"u", false}, {"d", true}, {"db", false}, {"", false}, {"'d", false}, {"u", true}} {
		v.Update(v.entries, Query{Text: c.q})
		if got := v.PairWork() != nil; got != c.want {
			t.Errorf("after %q: work for a new index %v, want %v", c.q, got, c.want)
		}
	}
}

// TestResultsTwoCharacters: a query of two characters answered by the
// index gives the rows (order, scores and highlights) that matching every
// entry gives, with and without a region, in each sort, after the first
// character or typed at once, and as pages arrive after the index was
// built; an index of entries a reload replaced is not used.
func TestResultsTwoCharacters(t *testing.T) {
	entries := entriesOf(fakeapi.Generate(3000, 9))
	for _, c0 := range "udr7" {
		for _, c1 := range "beo0a" {
			text := string(c0) + string(c1)
			for _, q := range []Query{
				{Text: text},
				{Text: text, Region: "NORD-NO-KRS-1"},
				{Text: text, Sort: SortCreated, Reverse: true},
				{Text: text, NoRank: true, Sort: SortUpdated},
			} {
				v := pairsOf(t, entries, byte(c0))
				v.Update(entries, Query{Text: string(c0), Region: q.Region, Sort: q.Sort, Reverse: q.Reverse, NoRank: q.NoRank})
				if v.prepare(q, parsePattern(q.Text)).pairs == nil {
					t.Fatalf("%+v: not read from the pair index", q)
				}
				v.Update(entries, q)
				sameRows(t, fmt.Sprintf("%+v", q), rowsOf(v), reference(entries, q))
			}
		}
	}

	v := pairsOf(t, entries[:1000], 'u')
	q := Query{Text: "ub"}
	v.Update(entries, q)
	sameRows(t, "pages after the index", rowsOf(v), reference(entries, q))

	w := pairsOf(t, entries[:1000], 'u')
	x := w.pairs
	other := entriesOf(fakeapi.Generate(1000, 3))
	w.Update(other, Query{Text: "u"})
	w.SetPairs(x)
	if w.pairs != nil {
		t.Fatal("an index of the entries before a reload was kept")
	}
	w.Update(other, q)
	sameRows(t, "after a reload", rowsOf(w), reference(other, q))
}

// FuzzPairIndex: for any name, slug and family, the index scores every
// two-character query starting with the fuzzed character as the matcher
// does.
func FuzzPairIndex(f *testing.F) {
	f.Add("Ubuntu ML PyTorch for NVIDIA®", "ubuntu-ml", "ubuntu", byte('u'))
	f.Add("aaaa bbbb aaab abab", "ba-ab", "Aa", byte('a'))
	f.Add("CamelCase/Path:to|it", "a1b2", "z", byte('c'))
	f.Add("\xff\xfe x", "", "\t9", byte('x'))
	f.Fuzz(func(t *testing.T, name, slug, family string, c byte) {
		if len(name)+len(slug)+len(family) > 600 {
			return
		}
		c0 := firstChars[int(c)%len(firstChars)]
		checkPairs(t, entriesOf([]api.Image{fieldsEntry(name, slug, family, 1)}), string(c0))
	})
}

// TestPairIndexStops: a build whose context is done returns no index, and
// none is kept.
func TestPairIndexStops(t *testing.T) {
	v := NewResults()
	v.Update(entriesOf(fakeapi.Generate(2000, 1)), Query{Text: "u"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x := v.PairWork()(ctx)
	if x != nil {
		t.Fatal("a stopped build returned an index")
	}
	v.SetPairs(x)
	if v.pairs != nil || v.PairWork() == nil {
		t.Fatal("a stopped build left an index")
	}
}

// TestPairIndexDropped: the index is kept while the query is its
// character or two characters it answers, and dropped when it moves on.
func TestPairIndexDropped(t *testing.T) {
	entries := entriesOf(fakeapi.Generate(500, 2))
	for _, c := range []struct {
		texts []string
		kept  bool
	}{
		{[]string{"u"}, true},
		{[]string{"ub"}, true},
		{[]string{"ub", "u", "ud"}, true},
		{[]string{"ub", "ubu"}, false},
		{[]string{"d"}, false},
		{[]string{""}, false},
		{[]string{"u b"}, false},
	} {
		v := pairsOf(t, entries, 'u')
		for _, text := range c.texts {
			v.Update(entries, Query{Text: text})
		}
		if c0, ok := v.PairsOf(); ok != c.kept || ok && c0 != 'u' {
			t.Errorf("after %q: index of %q kept %v, want %v", c.texts, c0, ok, c.kept)
		}
	}

	// An index that arrives after the query moved on is not kept; one
	// that arrives while the query is still its character, or two it
	// answers, is.
	for text, kept := range map[string]bool{"u": true, "ub": true, "ubu": false, "d": false, "": false} {
		v := NewResults()
		v.Update(entries, Query{Text: "u"})
		work := v.PairWork()
		v.Update(entries, Query{Text: text})
		v.SetPairs(work(context.Background()))
		if _, ok := v.PairsOf(); ok != kept {
			t.Errorf("built for %q, arrived at %q: kept %v, want %v", "u", text, ok, kept)
		}
	}
}
