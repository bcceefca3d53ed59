package catalog

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

func TestOrderMatchesSortedSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	keys := make([]int32, 0, 20000)
	cmpf := func(a, b item) int { return cmp.Compare(keys[a.seq], keys[b.seq]) }
	o := newOrder(nil)
	var want []item
	for round := range 60 {
		// Pages of assorted sizes, some large next to the order so that
		// both the merge and the item-by-item insert are exercised.
		n := []int{1, 7, 100, 333}[round%4]
		var batch []item
		for range n {
			keys = append(keys, int32(rng.IntN(5000)))
			batch = append(batch, item{seq: int32(len(keys) - 1)})
		}
		o.insertAll(slices.Clone(batch), func(a, b item) int {
			if c := cmpf(a, b); c != 0 {
				return c
			}
			return cmp.Compare(a.seq, b.seq)
		})
		want = append(want, batch...)
		slices.SortFunc(want, func(a, b item) int {
			if c := cmpf(a, b); c != 0 {
				return c
			}
			return cmp.Compare(a.seq, b.seq)
		})
		if o.Len() != len(want) {
			t.Fatalf("round %d: Len %d, want %d", round, o.Len(), len(want))
		}
		if got := o.appendTo(nil); !slices.Equal(got, want) {
			t.Fatalf("round %d: order differs from the sorted slice", round)
		}
		for _, i := range []int{0, len(want) / 3, len(want) - 1} {
			if o.At(i) != want[i] {
				t.Fatalf("round %d: At(%d) = %v, want %v", round, i, o.At(i), want[i])
			}
			j, found := o.search(want[i], func(a, b item) int {
				if c := cmpf(a, b); c != 0 {
					return c
				}
				return cmp.Compare(a.seq, b.seq)
			})
			if !found || j != i {
				t.Fatalf("round %d: search(row %d) = %d, %v", round, i, j, found)
			}
		}
		for _, ch := range o.chunks {
			if len(ch) == 0 || len(ch) > chunkMax {
				t.Fatalf("round %d: chunk of %d items", round, len(ch))
			}
		}
	}
	var from []item
	o.From(len(want)-5, func(it item) bool { from = append(from, it); return true })
	if !slices.Equal(from, want[len(want)-5:]) {
		t.Errorf("From(n-5) = %v, want %v", from, want[len(want)-5:])
	}
}

// rowsOf reads every row of a view.
func rowsOf(v *Results) []Row {
	out := make([]Row, v.Len())
	for i := range out {
		out[i] = *v.At(i)
	}
	return out
}

func sameRows(t *testing.T, what string, got, want []Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.E != w.E || g.Score != w.Score || !slices.Equal(g.NameMatch, w.NameMatch) ||
			!slices.Equal(g.SlugMatch, w.SlugMatch) || !slices.Equal(g.FamilyMatch, w.FamilyMatch) ||
			!slices.Equal(g.TypeMatch, w.TypeMatch) {
			t.Fatalf("%s: row %d = %q %d %v, want %q %d %v", what, i, g.E.Name, g.Score, g.NameMatch, w.E.Name, w.Score, w.NameMatch)
		}
	}
}

// apply returns the entries that pass q in q's order, with every row's
// highlight positions: a Results used once, read whole.
func apply(entries []*Entry, q Query) []Row {
	v := NewResults()
	v.Update(entries, q)
	rows := make([]Row, 0, v.Len())
	var mt matcher
	v.rowsView().each(func(it item) bool {
		r := Row{E: v.entries[it.seq], Score: int(it.score)}
		if v.pat != nil {
			m, _ := mt.entry(r.E, v.pat)
			r.NameMatch, r.SlugMatch, r.FamilyMatch, r.TypeMatch = m.name, m.slug, m.family, m.typ
		}
		rows = append(rows, r)
		return true
	})
	return rows
}

// reference is apply as it was before Results: match everything, then sort
// by score (unless q.NoRank) and the sort order, reversed by q.Reverse.
func reference(entries []*Entry, q Query) []Row {
	p := parsePattern(q.Text)
	var rows []Row
	var mt matcher
	for _, e := range entries {
		if q.Region != "" && !slices.Contains(e.Regions, q.Region) {
			continue
		}
		if p == nil {
			rows = append(rows, Row{E: e})
			continue
		}
		m, ok := mt.entry(e, p)
		if !ok {
			continue
		}
		rows = append(rows, Row{E: e, Score: m.score, NameMatch: m.name, SlugMatch: m.slug, FamilyMatch: m.family, TypeMatch: m.typ})
	}
	by := compareFunc(q.Sort)
	slices.SortFunc(rows, func(a, b Row) int {
		if p != nil && !q.NoRank {
			if c := cmp.Compare(b.Score, a.Score); c != 0 {
				return c
			}
		}
		if q.Reverse {
			return by(b.E, a.E)
		}
		return by(a.E, b.E)
	})
	return rows
}

// TestResultsIncremental drives one view the way the model does (pages
// arriving between keystrokes, typing, deleting, clearing, changing
// region and sort) and checks after every step that its rows are exactly
// those computed from scratch.
func TestResultsIncremental(t *testing.T) {
	imgs := fakeapi.Generate(6000, 7)
	in := NewInterner()
	var entries []*Entry
	addPage := func(n int) {
		for range n {
			if len(entries) == len(imgs) {
				return
			}
			entries = append(entries, NewEntry(imgs[len(entries)], len(entries), in))
		}
	}
	v := NewResults()
	q := Query{}
	check := func(step string) {
		t.Helper()
		v.Update(entries, q)
		sameRows(t, fmt.Sprintf("%s (q=%+v, %d entries)", step, q, len(entries)), rowsOf(v), reference(entries, q))
	}
	addPage(100)
	check("first page")
	for _, c := range "ubun" {
		q.Text += string(c)
		check("type")
		addPage(100)
		check("page while filtering")
	}
	q.Text += " 2"
	check("second term")
	q.Text = q.Text[:len(q.Text)-2]
	check("delete the second term")
	q.Text = q.Text[:len(q.Text)-1]
	check("backspace")
	q.Region = "NORD-NO-KRS-1"
	check("region")
	q.Text += "n"
	check("type with region")
	q.Sort = SortCreated
	check("sort")
	addPage(2000)
	check("big page")
	q.Text = ""
	check("clear text")
	q.Region = ""
	check("clear region")
	q.Text = "deb"
	check("new query")
	q.Sort = SortUpdated
	check("sort updated")
	addPage(100)
	check("page")
	q.Text = "prod-api"
	check("query long enough to match IDs")
	q.Text = entries[42].Image.ID[:8]
	check("ID prefix")
	q.Text += entries[42].Image.ID[8:12]
	check("longer ID prefix")
	q.Text = "ubuntu !cuda"
	check("a negation")
	q.Reverse = true
	check("reverse, ranked")
	q.Text += " | deb"
	check("an alternative, reversed")
	addPage(300)
	check("page while reversed and ranked")
	q.NoRank = true
	check("reverse, not ranked")
	addPage(300)
	check("page while reversed and not ranked")
	q.Sort = SortName
	check("reverse by name")
	q.Text = "'24.04"
	check("exact, by name, reversed")
	q = Query{Reverse: true}
	check("reverse, no text")
	addPage(100)
	check("page, reversed, no text")
	q = Query{}
	check("nothing")
	addPage(len(imgs))
	check("all pages")
}

func TestResultsIndexOf(t *testing.T) {
	es := benchEntries(3000)
	for _, q := range []Query{
		{}, {Text: "ubu"}, {Region: "EUC-DE-MUC-1"}, {Text: "de", Sort: SortCreated, Region: "EUC-DE-MUC-1"},
		{Reverse: true}, {Text: "ubu", Reverse: true}, {Text: "ubu", Reverse: true, NoRank: true}, {Text: "ubu", NoRank: true, Sort: SortUpdated},
	} {
		v := NewResults()
		v.Update(es, q)
		shown := make(map[*Entry]int)
		for i := range v.Len() {
			shown[v.At(i).E] = i
		}
		for _, e := range es {
			want, ok := shown[e]
			if !ok {
				want = -1
			}
			if got := v.IndexOf(e); got != want {
				t.Fatalf("q=%+v: IndexOf(%q) = %d, want %d", q, e.Name, got, want)
			}
		}
	}

	// After a reload the feed's entries are new objects: the old entry
	// is found by its image ID.
	v := NewResults()
	v.Update(es, Query{})
	reloaded := benchEntries(3000)
	old := es[10]
	v.Update(reloaded, Query{})
	if i := v.IndexOf(old); i < 0 || v.At(i).E.Image.ID != old.Image.ID {
		t.Errorf("after a reload IndexOf(old entry) = %d", i)
	}
	if v.IndexOf(nil) != -1 {
		t.Error("IndexOf(nil) != -1")
	}
}

// TestResultsReloadNotShorter is a reload whose first page is at least as
// long as what the view held: the view must still start afresh, not take
// the new entries for more of the old ones.
func TestResultsReloadNotShorter(t *testing.T) {
	build := func(n int, seed int64) []*Entry {
		in := NewInterner()
		var es []*Entry
		for i, im := range fakeapi.Generate(n, seed) {
			es = append(es, NewEntry(im, i, in))
		}
		return es
	}
	for _, q := range []Query{{}, {Text: "ubu"}} {
		v := NewResults()
		v.Update(build(500, 1), q)
		reloaded := build(800, 2)
		v.Update(reloaded, q)
		sameRows(t, fmt.Sprintf("%+v after the reload", q), rowsOf(v), reference(reloaded, q))
	}
}

func TestNarrows(t *testing.T) {
	tests := []struct {
		old, new string
		want     bool
	}{
		{"", "u", true},
		{"u", "ub", true},
		{"ub", "ub u", true},
		{"ub ", "ub u", true},
		{"ub", "u", false},
		{"ub", "xb", false},
		{"ub u", "ub", true}, // whatever holds ub holds u
		{"u ub", "u", false},
		{"abcde", "abcdef", false}, // starts matching IDs
		{"abcdef", "abcdefa", true},
		{"UB", "ubu", false}, // smart case: UB is matched as typed, ubu is not
		{"ub", "UB", true},
		{"ub", "UBU", false}, // starts matching types
		{"sn", "sna", false},
		{"sna", "snap", true},
	}
	for _, tt := range tests {
		got := narrows(Query{Text: tt.old}, parsePattern(tt.old), Query{Text: tt.new}, parsePattern(tt.new))
		if got != tt.want {
			t.Errorf("narrows(%q → %q) = %v, want %v", tt.old, tt.new, got, tt.want)
		}
	}
	if narrows(Query{Text: "u"}, parsePattern("u"), Query{Text: "ub", Region: "X"}, parsePattern("ub")) {
		t.Error("a region change narrows")
	}
	if narrows(Query{Text: "u"}, parsePattern("u"), Query{Text: "ub", Sort: SortCreated}, parsePattern("ub")) {
		t.Error("a sort change narrows")
	}
}

func TestResultsRegionCounts(t *testing.T) {
	es := entries(
		img{name: "ubuntu a", regions: []string{"EUC-DE-MUC-1", "XX-NEW-1"}},
		img{name: "ubuntu b", regions: []string{"EUC-DE-MUC-1"}},
		img{name: "debian", regions: []string{"YY-ONLY-1"}},
	)
	for _, q := range []Query{{}, {Text: "ubu"}, {Text: "ubu", Region: "EUC-DE-MUC-1"}, {Region: "YY-ONLY-1"}} {
		v := NewResults()
		v.Update(es, q)
		for _, ask := range []Query{{}, {Text: "ubu"}, {Text: "deb"}} {
			all, got := v.RegionCounts(es, ask)
			if want := regionCountsRef(es, ask); !slices.Equal(got, want) {
				t.Errorf("view %+v, RegionCounts(%+v) = %v, want %v", q, ask, got, want)
			}
			if want := len(apply(es, Query{Text: ask.Text})); all != want {
				t.Errorf("view %+v, RegionCounts(%+v) all = %d, want %d", q, ask, all, want)
			}
		}
	}
}

func TestRankByScoreIsStable(t *testing.T) {
	in := []item{{1, 5}, {2, 9}, {3, 5}, {4, -3}, {5, 9}, {6, 5}}
	want := []item{{2, 9}, {5, 9}, {1, 5}, {3, 5}, {6, 5}, {4, -3}}
	if got := rankByScore(in, false); !slices.Equal(got, want) {
		t.Errorf("rankByScore = %v, want %v", got, want)
	}
	if got, want := rankByScore(in, true), []item{{5, 9}, {2, 9}, {6, 5}, {3, 5}, {1, 5}, {4, -3}}; !slices.Equal(got, want) {
		t.Errorf("rankByScore reversed = %v, want %v", got, want)
	}
	wide := []item{{1, 1 << 20}, {2, 0}, {3, 1 << 20}}
	if got := rankByScore(wide, false); !slices.Equal(got, []item{{1, 1 << 20}, {3, 1 << 20}, {2, 0}}) {
		t.Errorf("rankByScore (wide) = %v", got)
	}
	if got := rankByScore(wide, true); !slices.Equal(got, []item{{3, 1 << 20}, {1, 1 << 20}, {2, 0}}) {
		t.Errorf("rankByScore (wide, reversed) = %v", got)
	}
}

func TestResultsManyRegions(t *testing.T) {
	// More regions than a mask has bits: those past the 63rd are checked
	// against the entry's own list.
	var imgs []img
	for i := range 300 {
		imgs = append(imgs, img{
			name:    fmt.Sprintf("ubuntu box %d", i),
			regions: []string{fmt.Sprintf("R-%03d", i%90), fmt.Sprintf("R-%03d", (i*7)%90)},
		})
	}
	es := entries(imgs...)
	for _, region := range []string{"R-000", "R-062", "R-063", "R-089", "R-999"} {
		for _, text := range []string{"", "ubu 1"} {
			q := Query{Text: text, Region: region}
			v := NewResults()
			v.Update(es, q)
			sameRows(t, fmt.Sprintf("%+v", q), rowsOf(v), reference(es, q))
			all, got := v.RegionCounts(es, q)
			if want := regionCountsRef(es, q); !slices.Equal(got, want) {
				t.Errorf("%+v: RegionCounts = %v\nwant %v", q, got, want)
			}
			if want := len(reference(es, Query{Text: text})); all != want {
				t.Errorf("%+v: all = %d, want %d", q, all, want)
			}
		}
	}
}

func TestNewEntryInternsTheImagesRepeatedStrings(t *testing.T) {
	// Two images as two pages decode them: equal values, separate memory.
	mk := func() api.Image {
		fam := strings.Clone("Ubuntu")
		return api.Image{
			ID: strings.Clone("id-1"), Name: "n", Type: api.ImageType(strings.Clone("snapshot")),
			OSType: strings.Clone("linux"), Family: &fam,
			Regions:  []string{strings.Clone("EUC-DE-MUC-1"), strings.Clone("NORD-NO-KRS-1")},
			Versions: []string{strings.Clone("2024-01")},
		}
	}
	a, b := mk(), mk()
	aRegions := a.Regions
	in := NewInterner()
	ea, eb := NewEntry(a, 0, in), NewEntry(b, 1, in)
	ia, ib := ea.Image, eb.Image
	for _, pair := range [][2]string{
		{string(ia.Type), string(ib.Type)}, {ia.OSType, ib.OSType}, {*ia.Family, *ib.Family},
		{ia.Regions[0], ib.Regions[0]}, {ia.Regions[1], ib.Regions[1]}, {ia.Versions[0], ib.Versions[0]},
	} {
		if unsafeData(pair[0]) != unsafeData(pair[1]) {
			t.Errorf("%q is held twice", pair[0])
		}
	}
	if ia.Family != ib.Family {
		t.Error("the family pointer is not shared")
	}
	if &ea.Regions[0] != &ia.Regions[0] {
		t.Error("the entry keeps a second list of regions that are already clean")
	}
	if &aRegions[0] == &ia.Regions[0] {
		t.Error("NewEntry wrote into the caller's slice")
	}
	if !slices.Equal(ia.Regions, []string{"EUC-DE-MUC-1", "NORD-NO-KRS-1"}) || *ia.Family != "Ubuntu" || ia.Type != "snapshot" {
		t.Errorf("values changed: %+v", *ia)
	}
}

// TestResultsTypingLongerTerms types, a key at a time, terms that become
// long enough to be looked for in the type (3 runes) and the ID (6):
// those keys rescan only the previous matches, with the entries of the
// types the term now holds, or everything when an ID could hold it. The
// rows are those computed from scratch at every key.
func TestResultsTypingLongerTerms(t *testing.T) {
	es := benchEntries(4000)
	id := es[1234].Image.ID
	for _, text := range []string{"snapshot", "cloud-image", "ubuntu", "^sna", "'clo", "ub snap", "x | sna", "!cl x | ^sn", id[:13], "aaaa" + id[:4]} {
		v := NewResults()
		for i := 1; i <= len(text); i++ {
			q := Query{Text: text[:i]}
			v.Update(es, q)
			sameRows(t, fmt.Sprintf("%q typed a key at a time", q.Text), rowsOf(v), reference(es, q))
		}
	}
}

func TestNarrowsWidened(t *testing.T) {
	es := entries(
		img{id: "0123abcd-0000-4000-8000-000000000001", name: "Ubuntu", typ: "snapshot"},
		img{id: "0123abcd-0000-4000-8000-000000000002", name: "Debian", typ: "cloud-image"},
	)
	v := NewResults()
	v.Update(es, Query{})
	tests := []struct {
		old, new string
		want     bool
		types    []string // the types whose entries become candidates
	}{
		{"ub", "ubu", true, nil},
		{"sn", "sna", true, []string{"snapshot"}},
		{"'sn", "'sna", true, []string{"snapshot"}},
		{"^cl", "^clo", true, []string{"cloud-image"}},
		{"x ub", "x ubu", true, nil},
		{"im", "ima", true, []string{"cloud-image"}},
		{"ubunt", "ubuntu", true, nil},
		{"0123a", "0123ab", false, nil}, // an ID may hold it
		{"!c", "!cl", false, nil},       // a negation is never widened
		{"!cl", "!clo", false, nil},
		{"ub", "xb", false, nil},
	}
	for _, tt := range tests {
		op, np := parsePattern(tt.old), parsePattern(tt.new)
		if got := v.narrowsWidened(Query{Text: tt.old}, op, Query{Text: tt.new}, np); got != tt.want {
			t.Errorf("narrowsWidened(%q → %q) = %v, want %v", tt.old, tt.new, got, tt.want)
			continue
		}
		if !tt.want {
			continue
		}
		var got []string
		if w := v.widenedTypes(np); w != nil {
			for k, typ := range v.typeTab.shown {
				if w[k] {
					got = append(got, typ)
				}
			}
		}
		if !slices.Equal(got, tt.types) {
			t.Errorf("widenedTypes(%q) = %q, want %q", tt.new, got, tt.types)
		}
	}
}

// TestNewEntryPacksRecs: the recs a scan reads are written one after
// another, so a scan in arrival order reads memory in order.
func TestNewEntryPacksRecs(t *testing.T) {
	es := benchEntries(500)
	adjacent := 0
	for i := 1; i < len(es); i++ {
		prev, cur := es[i-1].rec, es[i].rec
		if addr(prev)+uintptr(len(prev)) == addr(cur) {
			adjacent++
		}
	}
	// A new slab every hundred entries or so breaks the run.
	if adjacent < len(es)*9/10 {
		t.Errorf("%d of %d recs follow the one before in memory", adjacent, len(es)-1)
	}
}
