package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// nextOf builds the next-character index of prefix over entries, as the
// UI does.
func nextOf(t testing.TB, entries []*Entry, prefix string) *Results {
	t.Helper()
	v := NewResults()
	v.Update(entries, Query{Text: prefix})
	work := v.NextWork()
	if work == nil {
		t.Fatalf("no next-character index for %q", prefix)
	}
	v.SetNext(work(context.Background()))
	if v.next == nil {
		t.Fatalf("the index of %q was not kept", prefix)
	}
	return v
}

// at is the column's value for the entry of Seq i: nextNone for one the
// index does not hold.
func (c *nextCol) at(i int) int16 {
	if j, ok := slices.BinarySearch(c.x.seqs, int32(i)); ok {
		return c.x.cols[c.k][j]
	}
	if i >= c.x.n {
		return nextUnknown
	}
	return nextNone
}

// checkNext holds the index's score for each prefix followed by each
// character, against each entry, to the matcher's for that query; an
// entry the index leaves to the matcher must be one it could not score.
func checkNext(t testing.TB, entries []*Entry, prefixes ...string) {
	t.Helper()
	var mt matcher
	for _, prefix := range prefixes {
		v := nextOf(t, entries, prefix)
		x := v.next
		for j, seq := range x.seqs {
			if j > 0 && seq <= x.seqs[j-1] {
				t.Fatalf("%q: the entries held are not in Seq order: %v", prefix, x.seqs)
			}
			none := true
			for k := range x.cols {
				none = none && x.cols[k][j] == nextNone
			}
			if none {
				t.Fatalf("%q: holds entry %d, which no column matches", prefix, seq)
			}
		}
		for _, c1 := range firstChars {
			q := prefix + string(c1)
			p := parsePattern(q)
			col := v.nextColumn(p)
			if col == nil || col.x.n != len(entries) {
				t.Fatalf("%q: no column, or one of other entries", q)
			}
			for i, e := range entries {
				m, ok := mt.entry(e, p)
				switch sc := col.at(i); {
				case sc == nextUnknown:
					if f := entryFields(e); f.ascii && len(q)*max(len(e.Name), len(e.Slug), len(e.Family)) <= maxCells && v.types[i] != typeUnknown {
						t.Fatalf("%q against name %q: left to the matcher, though ASCII, short and of a numbered type", q, e.Name)
					}
				case ok != (sc != nextNone) || ok && int(sc) != m.score:
					t.Fatalf("%q against name %q, slug %q, family %q, type %q: the index says %d, the matcher %d, %v",
						q, e.Name, e.Slug, e.Family, e.Type, sc, m.score, ok)
				}
			}
		}
	}
}

// TestNextIndexMatchesMatcher: for the demo, a generated catalog and
// names chosen for their runs, gaps, repeats and bonuses, the index
// scores each query one character longer than its term as the matcher
// does, for terms of one to four characters, ones a type holds among
// them.
func TestNextIndexMatchesMatcher(t *testing.T) {
	odd := append(oddImages(),
		fieldsEntry("aaaa bbbb aaab abab", "ba-ab", "Aa", 10),
		fieldsEntry("u"+strings.Repeat("x", 100)+"b ub", "u_b", "U B", 11),
		fieldsEntry("b a", "ba", "", 12),
		fieldsEntry("x"+strings.Repeat("ab", maxCells/4+1), "ab", "", 13),
		fieldsEntry("x"+strings.Repeat("ab", maxCells/8), "ab", "", 14),
		fieldsEntry("ubuntu ubu-ntu Ubu_Ntu uBuNtU", "u-b-u-n", "ubuntu", 15),
		fieldsEntry("snap shot", "sna", "", 16),
		fieldsEntry("rocky-9 Rocky 9.4 r.o.c.k", "rock/y", "Rocky", 17),
		// A gap and a run that score the same at "b", whose chunks'
		// first bonuses differ: align takes the run, and so must the
		// index, or "ababa" scores 3 more.
		fieldsEntry("_ABbB -aB__BbaBa-", "", "", 18),
	)
	odd = append(odd, api.Image{ID: "deadbeef", Name: "imagine", Type: "Image-Store"})
	// More types than typeTable numbers: past the 255th, the index must
	// leave the type to the matcher.
	var types []api.Image
	for i := range 300 {
		types = append(types, api.Image{ID: fmt.Sprintf("%032x", i), Name: "x y", Type: api.ImageType(fmt.Sprintf("snap-kind-%d", i))})
	}
	all := strings.Split(firstChars, "")
	for name, c := range map[string]struct {
		imgs     []api.Image
		prefixes []string
	}{
		"demo":      {fakeapi.DemoCatalog(), append(all, "ub", "de", "ro", "sn", "cl", "im", "ba", "pr", "ubu", "deb", "roc", "sna", "clo", "ima", "-i", "e-", "ubun", "rock", "imag", "2.", "24.0", "(b")},
		"generated": {fakeapi.Generate(1500, 5), []string{"u", "d", "r", "c", "0", "9", "ub", "de", "ro", "ubu", "deb", "roc", "ubun", "rock", "sna", "sh"}},
		"odd":       {odd, append(all, "ub", "ab", "ba", "aa", "u-", "ubu", "aaa", "abab", "ima", "sna", "roc", "r.o", "x", "xa")},
		"types":     {types, []string{"sn", "kin", "x", "p-"}},
	} {
		t.Run(name, func(t *testing.T) { checkNext(t, entriesOf(c.imgs), c.prefixes...) })
	}
}

// TestNextIndexAnswersOnlyItsTerms: the index stands in for the matcher
// only for one positive, lower-case, fuzzy term of its own followed by a
// letter or digit, and is built only for such a term of at most
// maxNextPrefix characters that the query syntax gives no meaning.
func TestNextIndexAnswersOnlyItsTerms(t *testing.T) {
	entries := entriesOf([]api.Image{fieldsEntry("ubuntu", "", "", 1)})
	v := nextOf(t, entries, "u")
	for q, want := range map[string]bool{
		"ub": true, "u7": true, " ub ": true, "uu": true,
		"uB": false, "Ub": false, "db": false, "u": false, "ubu": false, "'ub": false, "^ub": false,
		"ub$": false, "!ub": false, "u b": false, "ub | x": false, "u-": false, "ué": false,
	} {
		if got := v.nextColumn(parsePattern(q)) != nil; got != want {
			t.Errorf("%q: answered by the index of %q %v, want %v", q, "u", got, want)
		}
	}
	w := nextOf(t, entries, "ub-")
	for q, want := range map[string]bool{"ub-u": true, "ub-9": true, "ub-": false, "ub-uu": false, "ubuu": false, "ub-_": false} {
		if got := w.nextColumn(parsePattern(q)) != nil; got != want {
			t.Errorf("%q: answered by the index of %q %v, want %v", q, "ub-", got, want)
		}
	}
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"u", false}, {"d", true}, {"db", true}, {"d.b", true}, {"ubun", true}, {"ubunt", false},
		{"", false}, {"'d", false}, {"^d", false}, {"d$", false}, {"!d", false}, {"d b", false}, {"D", false},
		{"dé", false}, {"d|b", false}, {"d*", false}, {"u", true},
	} {
		v.Update(v.entries, Query{Text: c.q})
		if got := v.NextWork() != nil; got != c.want {
			t.Errorf("after %q: work for a new index %v, want %v", c.q, got, c.want)
		}
	}
}

// TestResultsFromTheNextIndex: a query answered by the index gives the
// rows (order, scores and highlights) that matching every entry gives,
// with and without a region, in each sort, after its term or typed at
// once, and as pages arrive after the index was built; an index of
// entries a reload replaced is not used.
func TestResultsFromTheNextIndex(t *testing.T) {
	entries := entriesOf(fakeapi.Generate(3000, 9))
	for _, prefix := range []string{"u", "d", "r", "7", "ub", "de", "sn", "ubu", "sna", "rock"} {
		for _, c1 := range "beo0ah" {
			text := prefix + string(c1)
			for _, q := range []Query{
				{Text: text},
				{Text: text, Region: "NORD-NO-KRS-1"},
				{Text: text, Sort: SortCreated, Reverse: true},
				{Text: text, NoRank: true, Sort: SortUpdated},
			} {
				v := nextOf(t, entries, prefix)
				v.Update(entries, Query{Text: prefix, Region: q.Region, Sort: q.Sort, Reverse: q.Reverse, NoRank: q.NoRank})
				if v.prepare(q, parsePattern(q.Text)).next == nil {
					t.Fatalf("%+v: not read from the index", q)
				}
				v.Update(entries, q)
				sameRows(t, fmt.Sprintf("%+v", q), rowsOf(v), reference(entries, q))
			}
		}
	}

	for _, c := range []struct{ prefix, q string }{{"u", "ub"}, {"sn", "sna"}} {
		v := nextOf(t, entries[:1000], c.prefix)
		q := Query{Text: c.q}
		v.Update(entries, q)
		sameRows(t, "pages after the index of "+c.prefix, rowsOf(v), reference(entries, q))
	}

	w := nextOf(t, entries[:1000], "u")
	x := w.next
	other := entriesOf(fakeapi.Generate(1000, 3))
	w.Update(other, Query{Text: "u"})
	w.SetNext(x)
	if w.next != nil {
		t.Fatal("an index of the entries before a reload was kept")
	}
	q := Query{Text: "ub"}
	w.Update(other, q)
	sameRows(t, "after a reload", rowsOf(w), reference(other, q))
}

// FuzzNextIndex: for any name, slug, family and type, the index of a
// term of one to four characters built from the fuzzed bytes scores
// every query one character longer as the matcher does.
func FuzzNextIndex(f *testing.F) {
	f.Add("Ubuntu ML PyTorch for NVIDIA®", "ubuntu-ml", "ubuntu", "base-os", "ubu")
	f.Add("aaaa bbbb aaab abab", "ba-ab", "Aa", "snapshot", "a")
	f.Add("CamelCase/Path:to|it", "a1b2", "z", "cloud-image", "c/p")
	f.Add("\xff\xfe x", "", "\t9", "X", "x")
	f.Add("snap", "", "", "Snapshot", "sna")
	f.Fuzz(func(t *testing.T, name, slug, family, typ, prefix string) {
		if len(name)+len(slug)+len(family)+len(typ) > 600 {
			return
		}
		// The term: up to four characters the index extends, chosen by
		// the fuzzed bytes.
		const allowed = firstChars + "-._/:()"
		var b strings.Builder
		for i := 0; i < len(prefix) && i < maxNextPrefix; i++ {
			b.WriteByte(allowed[int(prefix[i])%len(allowed)])
		}
		if b.Len() == 0 || strings.ContainsAny(b.String()[:1], "-") {
			return // "-x" is fine, but a term is not "" and the syntax owns nothing here
		}
		im := fieldsEntry(name, slug, family, 1)
		if typ != "" {
			im.Type = api.ImageType(typ)
		}
		checkNext(t, entriesOf([]api.Image{im}), b.String())
	})
}

// TestNextIndexStops: a build whose context is done returns no index,
// and none is kept.
func TestNextIndexStops(t *testing.T) {
	v := NewResults()
	v.Update(entriesOf(fakeapi.Generate(2000, 1)), Query{Text: "u"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x := v.NextWork()(ctx)
	if x != nil {
		t.Fatal("a stopped build returned an index")
	}
	v.SetNext(x)
	if v.next != nil || v.NextWork() == nil {
		t.Fatal("a stopped build left an index")
	}
}

// TestNextIndexDropped: the index is kept while the query is its term or
// one it answers, and dropped when it moves on.
func TestNextIndexDropped(t *testing.T) {
	entries := entriesOf(fakeapi.Generate(500, 2))
	for _, c := range []struct {
		prefix string
		texts  []string
		kept   bool
	}{
		{"u", []string{"u"}, true},
		{"u", []string{"ub"}, true},
		{"u", []string{"ub", "u", "ud"}, true},
		{"u", []string{"ub", "ubu"}, false},
		{"u", []string{"d"}, false},
		{"u", []string{""}, false},
		{"u", []string{"u b"}, false},
		{"ubu", []string{"ubun"}, true},
		{"ubu", []string{"ubun", "ubunt"}, false},
		{"ubu", []string{"ub"}, false},
	} {
		v := nextOf(t, entries, c.prefix)
		for _, text := range c.texts {
			v.Update(entries, Query{Text: text})
		}
		if prefix, ok := v.NextOf(); ok != c.kept || ok && prefix != c.prefix {
			t.Errorf("after %q: index of %q kept %v, want %v", c.texts, prefix, ok, c.kept)
		}
	}

	// An index that arrives after the query moved on is not kept; one
	// that arrives while the query is still its term, or one it answers,
	// is.
	for text, kept := range map[string]bool{"u": true, "ub": true, "ubu": false, "d": false, "": false} {
		v := NewResults()
		v.Update(entries, Query{Text: "u"})
		work := v.NextWork()
		v.Update(entries, Query{Text: text})
		v.SetNext(work(context.Background()))
		if _, ok := v.NextOf(); ok != kept {
			t.Errorf("built for %q, arrived at %q: kept %v, want %v", "u", text, ok, kept)
		}
	}
}

// TestNextIndexBuildsWhileResultsChange: the build runs on another
// goroutine while the results take in pages and queries, as in the
// program; under -race it must share nothing that Update writes, and the
// index it gives still answers its queries as matching does.
func TestNextIndexBuildsWhileResultsChange(t *testing.T) {
	entries := entriesOf(fakeapi.Generate(4000, 6))
	v := NewResults()
	v.Update(entries[:2000], Query{Text: "ro"})
	work := v.NextWork()
	built := make(chan *NextIndex)
	go func() { built <- work(context.Background()) }()
	for i, text := range []string{"ro", "roc", "r", "ro", "ro 9", "ro"} {
		v.Update(entries[:2000+400*i], Query{Text: text, Region: "NORD-NO-KRS-1"})
		v.Update(entries[:2000+400*i], Query{Text: text})
	}
	v.SetNext(<-built)
	if prefix, ok := v.NextOf(); !ok || prefix != "ro" {
		t.Fatalf("the index built while pages arrived was not kept (%q, %v)", prefix, ok)
	}
	for _, q := range []Query{{Text: "roc"}, {Text: "rok", Region: "NORD-NO-KRS-1"}} {
		if v.prepare(q, parsePattern(q.Text)).next == nil {
			t.Fatalf("%+v: not read from the index", q)
		}
		v.Update(entries, q)
		sameRows(t, fmt.Sprintf("%+v", q), rowsOf(v), reference(entries, q))
	}
}
