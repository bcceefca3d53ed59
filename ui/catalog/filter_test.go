package catalog

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/genesiscloud-tools/gcimg/api"
)

// img describes a test image; zero fields stay null or empty.
type img struct {
	id, name, slug, family string
	typ                    api.ImageType
	regions                []string
	created, updated       int // days after a fixed date
}

var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func entries(imgs ...img) []*Entry {
	in := NewInterner()
	out := make([]*Entry, len(imgs))
	for i, m := range imgs {
		im := api.Image{
			ID:        m.id,
			Name:      m.name,
			Type:      m.typ,
			Regions:   m.regions,
			CreatedAt: epoch.AddDate(0, 0, m.created),
			UpdatedAt: epoch.AddDate(0, 0, m.updated),
		}
		if im.ID == "" {
			im.ID = fmt.Sprintf("id-%d", i)
		}
		if m.slug != "" {
			im.Slug = &m.slug
		}
		if m.family != "" {
			im.Family = &m.family
		}
		out[i] = NewEntry(im, i, in)
	}
	return out
}

func names(rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.E.Name
	}
	return out
}

func TestApplyNoQueryKeepsEverything(t *testing.T) {
	es := entries(img{name: "b"}, img{name: "a"}, img{name: "c"})
	orig := slices.Clone(es)
	for _, text := range []string{"", "   "} {
		rows := apply(es, Query{Text: text})
		if got := names(rows); !slices.Equal(got, []string{"a", "b", "c"}) {
			t.Errorf("apply(%q) = %v, want all, by name", text, got)
		}
		for _, r := range rows {
			if r.Score != 0 || r.NameMatch != nil {
				t.Errorf("row %q has score %d, matches %v without a text query", r.E.Name, r.Score, r.NameMatch)
			}
		}
	}
	if !slices.Equal(es, orig) {
		t.Error("Apply reordered its input")
	}
}

func TestApplyRegion(t *testing.T) {
	es := entries(
		img{name: "a", regions: []string{"EUC-DE-MUC-1", "NORD-NO-KRS-1"}},
		img{name: "b", regions: []string{"NORD-NO-KRS-1"}},
		img{name: "c"},
		img{name: "d", regions: []string{"EUC-DE-MUC-1X"}},
		img{name: "e", regions: []string{"euc-de-muc-1"}},
	)
	tests := []struct {
		region string
		want   []string
	}{
		{"EUC-DE-MUC-1", []string{"a", "e"}}, // codes are compared without regard to case
		{"NORD-NO-KRS-1", []string{"a", "b"}},
		{"EUC-DE", nil},
		{"XX-NONE-1", nil},
	}
	for _, tt := range tests {
		got := names(apply(es, Query{Region: tt.region}))
		if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("region %q: %v, want %v", tt.region, got, tt.want)
		}
	}
	// Region and text together.
	if got := names(apply(es, Query{Region: "NORD-NO-KRS-1", Text: "b"})); !slices.Equal(got, []string{"b"}) {
		t.Errorf("region + text: %v, want [b]", got)
	}
	// The picker offers one line per code, whatever its case.
	_, rc := NewResults().RegionCounts(es, Query{})
	for _, c := range rc {
		if c.Region == "EUC-DE-MUC-1" && c.Count != 2 || c.Region == "euc-de-muc-1" {
			t.Errorf("region counts %+v: want EUC-DE-MUC-1 once, with a and e", rc)
			break
		}
	}
}

func TestApplyTextFields(t *testing.T) {
	es := entries(
		img{id: "3b29b09e-138e-11ef-a299-7fd37e9e8724", name: "Ubuntu 24.04", slug: "ubuntu-24.04", family: "Ubuntu"},
		img{id: "df3718d1-c738-49e4-9d44-6b39579a2c6a", name: "Ubuntu ML PyTorch for NVIDIA®", slug: "ubuntu-ml-nvidia-pytorch", family: "Ubuntu ML"},
		img{id: "0f9e9b4c-5a1d-4c2e-8d1a-2b7e6c9d0a11", name: "Debian 12", slug: "debian-12", family: "Debian"},
		img{id: "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", name: "nightly backup", family: "Windows Server"},
		img{id: "a1b2c3d4-e5f6-4789-abcd-ef0123456789", name: "my snapshot"},
	)
	tests := []struct {
		name, text string
		want       []string // names, in any order
	}{
		{"name", "nightly", []string{"nightly backup"}},
		{"name fuzzy", "nghtbk", []string{"nightly backup"}},
		{"case-insensitive", "debian", []string{"Debian 12"}},
		{"smart case: upper case is matched as typed", "Debian", []string{"Debian 12"}},
		{"smart case: nothing spells it so", "DEBIAN", nil},
		{"slug", "nvidia-pytorch", []string{"Ubuntu ML PyTorch for NVIDIA®"}},
		{"slug only", "24.04", []string{"Ubuntu 24.04"}},
		{"family", "windows", []string{"nightly backup"}},
		{"id prefix", "df3718d1", []string{"Ubuntu ML PyTorch for NVIDIA®"}},
		{"id middle, any case", "7FD37E9E", []string{"Ubuntu 24.04"}},
		{"id shorter than MinIDTerm is not searched", "df371", nil},
		{"id is not fuzzy", "df3718c7", nil},
		{"all terms must match", "ubuntu ml", []string{"Ubuntu ML PyTorch for NVIDIA®"}},
		{"terms in any order", "pytorch ubuntu", []string{"Ubuntu ML PyTorch for NVIDIA®"}},
		{"nothing matches", "zzz", nil},
		{"no match across fields", "12debian", nil}, // name "Debian 12" + slug "debian-12"
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sameNames(t, tt.text, apply(es, Query{Text: tt.text}), tt.want) })
	}
}

func TestApplyRanking(t *testing.T) {
	tests := []struct {
		text  string
		names []string // given in arrival order
		want  []string // best first
	}{
		// A match at the start of the name beats one after a dash, which
		// beats one inside words, which beats a scattered one.
		{"ubu", []string{"cube-but", "my-ubuntu-backup", "Club U-Boot", "Ubuntu 24.04"},
			[]string{"Ubuntu 24.04", "my-ubuntu-backup", "Club U-Boot", "cube-but"}},
		// Consecutive characters beat the same characters spread out.
		{"deb", []string{"Deep Learning Base", "Debian 12"},
			[]string{"Debian 12", "Deep Learning Base"}},
		// Word starts (camelCase too) beat characters inside words.
		{"tf", []string{"stuff", "TensorFlow 2.15"},
			[]string{"TensorFlow 2.15", "stuff"}},
		{"u", []string{"stuff", "my-ubuntu", "Ubuntu"},
			[]string{"Ubuntu", "my-ubuntu", "stuff"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var imgs []img
			for _, n := range tt.names {
				imgs = append(imgs, img{name: n})
			}
			rows := apply(entries(imgs...), Query{Text: tt.text})
			if got := names(rows); !slices.Equal(got, tt.want) {
				t.Errorf("apply(%q) = %q, want %q", tt.text, got, tt.want)
				for _, r := range rows {
					t.Logf("  %4d %q %v", r.Score, r.E.Name, r.NameMatch)
				}
			}
			for i := 1; i < len(rows); i++ {
				if rows[i].Score > rows[i-1].Score {
					t.Errorf("row %d scores %d above row %d's %d", i, rows[i].Score, i-1, rows[i-1].Score)
				}
			}
		})
	}
}

func TestApplyScoreTiesFollowSort(t *testing.T) {
	es := entries(
		img{name: "Ubuntu B", created: 1, updated: 9},
		img{name: "ubuntu a", created: 3, updated: 1},
		img{name: "Ubuntu C", created: 2, updated: 5},
		img{name: "xx ubuntu"}, // lower score, always last
	)
	tests := []struct {
		sort Sort
		want []string
	}{
		{SortName, []string{"ubuntu a", "Ubuntu B", "Ubuntu C", "xx ubuntu"}},
		{SortCreated, []string{"ubuntu a", "Ubuntu C", "Ubuntu B", "xx ubuntu"}},
		{SortUpdated, []string{"Ubuntu B", "Ubuntu C", "ubuntu a", "xx ubuntu"}},
	}
	for _, tt := range tests {
		if got := names(apply(es, Query{Text: "ubu", Sort: tt.sort})); !slices.Equal(got, tt.want) {
			t.Errorf("sort %v: %q, want %q", tt.sort, got, tt.want)
		}
	}
}

// sortCatalog has names alike but for case, a nameless image, and equal
// dates, for the sort tests; IDs are "1" to "5".
func sortCatalog() []*Entry {
	return entries(
		img{id: "1", name: "banana", created: 5, updated: 1},
		img{id: "2", name: "Apple", created: 5, updated: 7},
		img{id: "3", name: "", created: 9, updated: 7},
		img{id: "4", name: "apple", created: 1, updated: 7},
		img{id: "5", name: "Cherry", created: 7, updated: 3},
	)
}

// rowIDs is the image IDs of rows, in order.
func rowIDs(rows []Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.E.Image.ID)
	}
	return out
}

// sameNames checks rows against names in any order.
func sameNames(t *testing.T, text string, rows []Row, want []string) {
	t.Helper()
	got := names(rows)
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("apply(%q) = %q, want %q", text, got, want)
	}
}

func TestApplySort(t *testing.T) {
	es := sortCatalog()
	tests := []struct {
		sort Sort
		want []string // IDs
	}{
		// Case-insensitive, equal names in arrival order, nameless last.
		{SortName, []string{"2", "4", "1", "5", "3"}},
		// Newest first; the tie at day 5 keeps arrival order.
		{SortCreated, []string{"3", "5", "1", "2", "4"}},
		{SortUpdated, []string{"2", "3", "4", "5", "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.sort.String(), func(t *testing.T) {
			if got := rowIDs(apply(es, Query{Sort: tt.sort})); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestApplyReverse: Reverse is the exact reverse of each sort without
// text; with text the best match stays first and only equal scores follow
// the reversed sort, unless NoRank leaves the sort alone to order.
func TestApplyReverse(t *testing.T) {
	es := sortCatalog()
	ids := func(q Query) []string { return rowIDs(apply(es, q)) }
	for _, s := range Sorts.Values() {
		fwd, rev := ids(Query{Sort: s}), ids(Query{Sort: s, Reverse: true})
		slices.Reverse(fwd)
		if !slices.Equal(rev, fwd) {
			t.Errorf("%s reversed = %v, want %v", s, rev, fwd)
		}
	}
	if got, want := ids(Query{Sort: SortCreated, Reverse: true}), []string{"4", "2", "1", "5", "3"}; !slices.Equal(got, want) {
		t.Errorf("created, reversed (oldest first) = %v, want %v", got, want)
	}
	// Apple and apple score alike.
	if got, want := ids(Query{Text: "'ap"}), []string{"2", "4"}; !slices.Equal(got, want) {
		t.Errorf("'ap = %v, want %v", got, want)
	}
	if got, want := ids(Query{Text: "'ap", Reverse: true}), []string{"4", "2"}; !slices.Equal(got, want) {
		t.Errorf("'ap reversed = %v, want %v", got, want)
	}
	// All three hold "a", banana's not at a word start: it ranks last,
	// reversed or not.
	ranked := ids(Query{Text: "a"})
	if rev := ids(Query{Text: "a", Reverse: true}); rev[len(rev)-1] != ranked[len(ranked)-1] || rev[0] == ranked[len(ranked)-1] {
		t.Errorf("a: ranked %v, reversed %v: the ranking itself must not reverse", ranked, rev)
	}
	if got, want := ids(Query{Text: "a", Sort: SortCreated, NoRank: true}), []string{"1", "2", "4"}; !slices.Equal(got, want) {
		t.Errorf("a by created, not ranked = %v, want %v", got, want)
	}
	if got, want := ids(Query{Text: "a", Sort: SortCreated, NoRank: true, Reverse: true}), []string{"4", "2", "1"}; !slices.Equal(got, want) {
		t.Errorf("a by created, not ranked, reversed = %v, want %v", got, want)
	}
}

// TestApplyNameCollation: the name sort is the Unicode root collation, not
// byte order, and ignores case.
func TestApplyNameCollation(t *testing.T) {
	in := []string{"yolov8", "Zed", "Ömer", "omar", "Omer", "éclair", "Eclair", "apple", "Ölberg", "İzmir", "izmir", "日本語", "10 ml", "9 ml", "a-b", "ab", "a b"}
	var imgs []img
	for _, n := range in {
		imgs = append(imgs, img{name: n})
	}
	got := names(apply(entries(imgs...), Query{}))
	want := []string{
		"10 ml", "9 ml", // digits before letters, digit by digit
		"a b", "a-b", "ab", "apple", // space, then punctuation, then letters
		"Eclair", "éclair", // equal letters: the unaccented first
		"izmir", "İzmir",
		"Ölberg", "omar", "Omer", "Ömer", // Ö is an O
		"yolov8", "Zed", "日本語",
	}
	if !slices.Equal(got, want) {
		t.Errorf("name sort:\n got %q\nwant %q", got, want)
	}
}

// TestCollationConsistent checks the name sort's two steps against the
// full collation on many random names: wherever the primary keys (and so
// the sortKey prefixes) differ, they order as the full collation does.
func TestCollationConsistent(t *testing.T) {
	alphabet := []rune("aAbBoOöÖeéÉ -._0129İıißẞ日本Ａﬁæ\u0301")
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		r := make([]rune, 1+rng.IntN(10))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	c := collators.Get().(*collator)
	defer collators.Put(c)
	for range 20000 {
		es := entries(img{name: word()}, img{name: word()})
		a, b := es[0], es[1]
		if a.Name == "" || b.Name == "" {
			continue // nameless entries go last, whatever the collation says of ""
		}
		full := c.full.CompareString(a.Name, b.Name)
		if p := strings.Compare(a.collKey, b.collKey); p != 0 && p != full {
			t.Fatalf("%q vs %q: primary keys say %d, the collation %d", a.Name, b.Name, p, full)
		}
		if ka, kb := sortKey(a, SortName), sortKey(b, SortName); ka != kb && cmp.Compare(ka, kb) != full {
			t.Fatalf("%q vs %q: sortKey says %d, the collation %d", a.Name, b.Name, cmp.Compare(ka, kb), full)
		}
		if got := compareByName(a, b); full != 0 && got != full {
			t.Fatalf("%q vs %q: compareByName %d, the collation %d", a.Name, b.Name, got, full)
		}
	}
}

func TestSortCycle(t *testing.T) {
	s := SortName
	var seen []string
	for range 4 {
		seen = append(seen, s.String())
		s = s.Next()
	}
	if want := []string{"name", "created", "updated", "name"}; !slices.Equal(seen, want) {
		t.Errorf("cycle %v, want %v", seen, want)
	}
	if Sort(42).Next() != SortName {
		t.Error("out-of-range Sort does not wrap to SortName")
	}
}

func TestQueryActive(t *testing.T) {
	tests := []struct {
		q    Query
		want bool
	}{
		{Query{}, false},
		{Query{Text: "  ", Sort: SortCreated}, false},
		{Query{Text: "u"}, true},
		{Query{Region: "EUC-DE-MUC-1"}, true},
	}
	for _, tt := range tests {
		if got := tt.q.Active(); got != tt.want {
			t.Errorf("%+v.Active() = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// highlighted returns the runes of s at the byte offsets pos, checking
// that each offset starts a rune.
func highlighted(t *testing.T, s string, pos []int) string {
	t.Helper()
	var b strings.Builder
	for _, p := range pos {
		if p < 0 || p >= len(s) || !utf8.RuneStart(s[p]) {
			t.Fatalf("offset %d is not a rune start in %q", p, s)
		}
		r, _ := utf8.DecodeRuneInString(s[p:])
		b.WriteRune(r)
	}
	return b.String()
}

func TestApplyPositions(t *testing.T) {
	tests := []struct {
		name     string
		image    img
		text     string
		field    string // "name", "slug" or "family"
		wantPos  []int
		wantText string
	}{
		{"ascii word", img{name: "my-ubuntu-backup"}, "ubu", "name", []int{3, 4, 5}, "ubu"},
		{"shortest window", img{name: "ultra-ubuntu"}, "ubu", "name", []int{6, 7, 8}, "ubu"},
		{"case kept", img{name: "Ubuntu 24.04"}, "ub 24", "name", []int{0, 1, 7, 8}, "Ub24"},
		{"slug", img{name: "x", slug: "ubuntu-24.04"}, "2404", "slug", []int{7, 8, 10, 11}, "2404"},
		{"family", img{name: "x", family: "Ubuntu ML"}, "uml", "family", []int{0, 7, 8}, "UML"},
		{"japanese and emoji", img{name: "日本語サーバー 🚀 Rocket"}, "サ🚀r", "name",
			[]int{len("日本語"), len("日本語サーバー "), len("日本語サーバー 🚀 ")}, "サ🚀R"},
		{"emoji with modifiers", img{name: "👩🏽‍💻 dev box"}, "dev", "name",
			[]int{len("👩🏽‍💻 "), len("👩🏽‍💻 d"), len("👩🏽‍💻 de")}, "dev"},
		// Lower-casing changes the length of these runes: İ (2 bytes) is
		// "i" (1 byte), the Kelvin sign (3 bytes) is "k".
		{"dotted capital I", img{name: "İzmir"}, "izm", "name", []int{0, 2, 3}, "İzm"},
		{"kelvin sign", img{name: "\u212Aube node"}, "kub", "name", []int{0, 3, 4}, "\u212Aub"},
		{"lower-case query matches upper non-ASCII", img{name: "ÉCOLE"}, "éc", "name", []int{0, 2}, "ÉC"},
		// Several terms: positions come back ascending and once each.
		{"terms out of order", img{name: "ubuntu"}, "tu ub", "name", []int{0, 1, 4, 5}, "ubtu"},
		{"terms overlapping", img{name: "ubuntu"}, "ubu ub", "name", []int{0, 1, 2}, "ubu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := apply(entries(tt.image), Query{Text: tt.text})
			if len(rows) != 1 {
				t.Fatalf("apply(%q) gave %d rows", tt.text, len(rows))
			}
			r := rows[0]
			s, pos := r.E.Name, r.NameMatch
			switch tt.field {
			case "slug":
				s, pos = r.E.Slug, r.SlugMatch
			case "family":
				s, pos = r.E.Family, r.FamilyMatch
			}
			if !slices.Equal(pos, tt.wantPos) {
				t.Errorf("%s positions %v, want %v", tt.field, pos, tt.wantPos)
			}
			if got := highlighted(t, s, pos); got != tt.wantText {
				t.Errorf("highlighted %q, want %q", got, tt.wantText)
			}
		})
	}
}

func TestApplyHighlightsEveryMatchingField(t *testing.T) {
	rows := apply(entries(img{name: "Ubuntu 24.04", slug: "ubuntu-24.04", family: "Ubuntu"}), Query{Text: "ubuntu"})
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0]
	want := []int{0, 1, 2, 3, 4, 5}
	if !slices.Equal(r.NameMatch, want) || !slices.Equal(r.SlugMatch, want) || !slices.Equal(r.FamilyMatch, want) {
		t.Errorf("name %v slug %v family %v, want %v each", r.NameMatch, r.SlugMatch, r.FamilyMatch, want)
	}
	// A term that matches only the ID highlights nothing.
	rows = apply(entries(img{id: "3b29b09e-138e", name: "x"}), Query{Text: "3b29b09e"})
	if len(rows) != 1 || rows[0].NameMatch != nil || rows[0].SlugMatch != nil || rows[0].FamilyMatch != nil {
		t.Errorf("ID match: %+v", rows)
	}
}

// clean reports whether s is safe single-line display text.
func clean(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return utf8.ValidString(s)
}

func TestEntryHostileStrings(t *testing.T) {
	hostile := "\x1b]52;c;ZXZpbA==\x07evil\x1b[2J\x1b]0;title\x07\nname\r\u202Egnp.exe\u2066\x9b31m\xff"
	family, slug := "fam\x1b[31mily\u200b", "slug\u202e\x00"
	e := NewEntry(api.Image{
		ID:      "id\x1b[2J-1",
		Name:    hostile,
		Type:    "snap\x1b[0mshot",
		Family:  &family,
		Slug:    &slug,
		Regions: []string{"EUC-DE-MUC-1\x1b[5m", "EUC-DE-MUC-1", "", "\u202eX"},
	}, 0, NewInterner())
	for field, s := range map[string]string{"Name": e.Name, "Family": e.Family, "Slug": e.Slug, "Type": e.Type} {
		if !clean(s) {
			t.Errorf("%s = %q is not clean", field, s)
		}
	}
	for _, r := range e.Regions {
		if !clean(r) || r == "" {
			t.Errorf("region %q is not clean", r)
		}
	}
	if want := []string{"EUC-DE-MUC-1", "X"}; !slices.Equal(e.Regions, want) {
		t.Errorf("regions %q, want %q (sanitised, deduplicated, no empty code)", e.Regions, want)
	}
	if strings.Count(e.Key, "\n") != 3 || !clean(strings.ReplaceAll(e.Key, "\n", "")) {
		t.Errorf("Key %q: want 3 separators and nothing else unclean", e.Key)
	}
	if !strings.Contains(e.Name, "evil") || !strings.Contains(e.Name, "name") {
		t.Errorf("Name %q lost its visible text", e.Name)
	}
	// The raw image is kept as received.
	if e.Image.Name != hostile {
		t.Error("Entry.Image was modified")
	}
	// Highlighting positions refer to the sanitised name.
	rows := apply([]*Entry{e}, Query{Text: "evil"})
	if len(rows) != 1 {
		t.Fatalf("%d rows for evil", len(rows))
	}
	if got := highlighted(t, e.Name, rows[0].NameMatch); got != "evil" {
		t.Errorf("highlighted %q", got)
	}
}

func TestEntryNulls(t *testing.T) {
	e := NewEntry(api.Image{ID: "x", Name: "n"}, 7, nil)
	if e.Family != "" || e.Slug != "" || e.Regions != nil || e.Seq != 7 {
		t.Errorf("entry %+v", e)
	}
	if e.Key != "n\n\n\nx" {
		t.Errorf("Key %q", e.Key)
	}
}

func TestInterner(t *testing.T) {
	in := NewInterner()
	a := in.Intern(strings.Clone("NORD-NO-KRS-1"))
	b := in.Intern(strings.Clone("NORD-NO-KRS-1"))
	if unsafeData(a) != unsafeData(b) {
		t.Error("two interned copies of one string")
	}
	es := entries(
		img{regions: []string{strings.Clone("EUC-DE-MUC-1")}},
		img{regions: []string{strings.Clone("EUC-DE-MUC-1")}},
	)
	if unsafeData(es[0].Regions[0]) != unsafeData(es[1].Regions[0]) {
		t.Error("entries do not share region strings")
	}
	var nilIn *Interner
	if nilIn.Intern("x") != "x" {
		t.Error("nil Interner")
	}
}

func TestRegionCounts(t *testing.T) {
	es := entries(
		img{name: "ubuntu", regions: []string{"EUC-DE-MUC-1", "XX-NEW-1"}},
		img{name: "ubuntu two", regions: []string{"EUC-DE-MUC-1"}},
		img{name: "debian", regions: []string{"EUC-DE-MUC-1", "YY-OTHER-2"}},
	)
	counts := func(q Query) map[string]int {
		_, rc := NewResults().RegionCounts(es, q)
		if !slices.IsSortedFunc(rc, func(a, b RegionCount) int { return strings.Compare(a.Region, b.Region) }) {
			t.Errorf("not sorted by code: %v", rc)
		}
		m := map[string]int{}
		for _, c := range rc {
			if _, dup := m[c.Region]; dup {
				t.Errorf("region %s listed twice", c.Region)
			}
			m[c.Region] = c.Count
		}
		for _, r := range api.KnownRegions {
			if _, ok := m[r]; !ok {
				t.Errorf("known region %s missing", r)
			}
		}
		if len(m) != len(api.KnownRegions)+2 {
			t.Errorf("%d regions, want the %d known plus 2 unknown: %v", len(m), len(api.KnownRegions), rc)
		}
		return m
	}
	m := counts(Query{})
	if m["EUC-DE-MUC-1"] != 3 || m["XX-NEW-1"] != 1 || m["YY-OTHER-2"] != 1 || m["NA-CA-FTS-1"] != 0 {
		t.Errorf("no query: %v", m)
	}
	// Text filters the counts; the region filter does not; a seen region
	// with no matching image stays listed with 0.
	m = counts(Query{Text: "ubuntu", Region: "XX-NEW-1"})
	if m["EUC-DE-MUC-1"] != 2 || m["XX-NEW-1"] != 1 || m["YY-OTHER-2"] != 0 {
		t.Errorf("text ubuntu: %v", m)
	}
	if _, got := NewResults().RegionCounts(nil, Query{}); len(got) != len(api.KnownRegions) {
		t.Errorf("no entries: %v", got)
	}
}

// regionCountsRef is Results.RegionCounts done the plain way, over every
// entry, kept as the oracle the view's counts are checked against. It
// lists, sorted by code, every region seen in entries and every
// api.KnownRegions code, with the number of entries that pass q.Text in
// that region. q.Region is ignored: the picker shows what each
// choice would give. Known codes nobody uses count 0; unknown codes that
// appear are included, since the API has no regions endpoint.
func regionCountsRef(entries []*Entry, q Query) []RegionCount {
	counts := make(map[string]int, len(api.KnownRegions)+4)
	for _, r := range api.KnownRegions {
		counts[r] = 0
	}
	for _, e := range entries {
		pass := refPasses(e, q.Text)
		for _, r := range e.Regions { // deduplicated by NewEntry
			if pass {
				counts[r]++
			} else if _, seen := counts[r]; !seen {
				counts[r] = 0
			}
		}
	}
	out := make([]RegionCount, 0, len(counts))
	for r, n := range counts {
		out = append(out, RegionCount{Region: r, Count: n})
	}
	slices.SortFunc(out, func(a, b RegionCount) int { return strings.Compare(a.Region, b.Region) })
	return out
}
