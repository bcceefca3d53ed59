package catalog

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/genesiscloud-tools/gcimg/api"
)

var kindNames = map[termKind]string{
	termFuzzy: "fuzzy", termExact: "exact", termBoundary: "boundary",
	termPrefix: "prefix", termSuffix: "suffix", termEqual: "equal",
}

// describe writes a pattern as groups joined by " & ", the terms of a
// group by " | ", each term as [!]kind:text, with "(cased)" when it is
// matched as typed.
func describe(p *pattern) string {
	if p == nil {
		return "<none>"
	}
	var gs []string
	for _, g := range p.groups {
		var ts []string
		for _, t := range g {
			s := kindNames[t.kind] + ":" + t.pat
			if t.inv {
				s = "!" + s
			}
			if t.cased {
				s += "(cased)"
			}
			ts = append(ts, s)
		}
		gs = append(gs, strings.Join(ts, " | "))
	}
	return strings.Join(gs, " & ")
}

func TestParsePattern(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "<none>"},
		{"   ", "<none>"},
		{"ubu", "fuzzy:ubu"},
		{"  ubuntu   24 ", "fuzzy:ubuntu & fuzzy:24"},
		{"'24.04", "exact:24.04"},
		{"'wild'", "boundary:wild"},
		{"^rocky", "prefix:rocky"},
		{"debian-12$", "suffix:debian-12"},
		{"^debian-12$", "equal:debian-12"},
		{"!cloud", "!exact:cloud"},
		{"!^ubuntu", "!prefix:ubuntu"},
		{"!12$", "!suffix:12"},
		{"!'cud", "!fuzzy:cud"}, // as in fzf: the quote flips a negation back to fuzzy
		{"!'cuda'", "!boundary:cuda"},
		{"ubuntu !cloud", "fuzzy:ubuntu & !exact:cloud"},
		{"^core | go$ | rb$", "prefix:core | suffix:go | suffix:rb"},
		{"ubuntu | debian 12", "fuzzy:ubuntu | fuzzy:debian & fuzzy:12"},
		// Bare operators being typed are not terms.
		{"'", "<none>"},
		{"^", "<none>"},
		{"!", "<none>"},
		{"!^", "<none>"},
		{"ubu '", "fuzzy:ubu"},
		// A lone $ is a character to look for; a $ ending a term anchors it.
		{"$", "fuzzy:$"},
		{"$$", "suffix:$"},
		// | joins terms only between two of them.
		{"a |", "fuzzy:a"},
		{"| a", "fuzzy:| & fuzzy:a"},
		{"a | | b", "fuzzy:a | fuzzy:| & fuzzy:b"},
		{"a || b", "fuzzy:a & fuzzy:|| & fuzzy:b"},
		// fzf's order of operators: the quote wins over $, ^ and ' are
		// read once.
		{"'abc$", "exact:abc"},
		{"^'abc", "prefix:'abc"},
		{"''", "exact:'"},
		// An escaped space is part of a term.
		{`'ubuntu\ 24`, "exact:ubuntu 24"},
		{`a\ `, "fuzzy:a "},
		// Smart case.
		{"Ubuntu", "fuzzy:Ubuntu(cased)"},
		{"!CUDA", "!exact:CUDA(cased)"},
		{"İzmir", "fuzzy:İzmir(cased)"},
		{"über", "fuzzy:über"},
	}
	for _, tt := range tests {
		if got := describe(parsePattern(tt.in)); got != tt.want {
			t.Errorf("parsePattern(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// syntaxCatalog is a slice of the demo catalog with what each kind of term
// needs to tell apart.
func syntaxCatalog() []*Entry {
	return entries(
		img{name: "Ubuntu 24.04", slug: "ubuntu-24.04", family: "Ubuntu", typ: api.TypeCloudImage},
		img{name: "Ubuntu 22.04", slug: "ubuntu-22.04", family: "Ubuntu", typ: api.TypeCloudImage},
		img{name: "Ubuntu 24.04 CUDA 12.6", slug: "ubuntu-24.04-cuda-12.6", family: "Ubuntu CUDA", typ: api.TypeCloudImage},
		img{name: "Ubuntu 20.04", family: "Ubuntu", typ: api.TypeBaseOS},
		img{name: "Ubuntu 24.04 PyTorch 2.5 (CUDA 12.4)", family: "Ubuntu", typ: api.TypePreconfigured},
		img{name: "Debian 12", slug: "debian-12", family: "Debian", typ: api.TypeCloudImage},
		img{name: "Debian 11", family: "Debian", typ: api.TypeBaseOS},
		img{name: "Rocky Linux 9", slug: "rocky-9", family: "Rocky Linux", typ: api.TypeCloudImage},
		img{name: "Rocky Linux 8.6", family: "Rocky Linux", typ: api.TypeBaseOS},
		img{name: "my-rocky-backup", typ: api.TypeSnapshot},
		img{name: "nightly 2023.11.12", typ: api.TypeSnapshot},
	)
}

func TestApplySyntax(t *testing.T) {
	es := syntaxCatalog()
	tests := []struct {
		text string
		want []string // best first, where the order matters
	}{
		{"^rocky", []string{"Rocky Linux 8.6", "Rocky Linux 9"}},
		{"debian-12$", []string{"Debian 12"}},
		{"12$", []string{"Debian 12", "nightly 2023.11.12"}},
		{"^debian", []string{"Debian 11", "Debian 12"}},
		{"'24.04", []string{"Ubuntu 24.04", "Ubuntu 24.04 CUDA 12.6", "Ubuntu 24.04 PyTorch 2.5 (CUDA 12.4)"}},
		{"ubuntu !cloud", []string{"Ubuntu 20.04", "Ubuntu 24.04 PyTorch 2.5 (CUDA 12.4)"}},
		{"ubuntu !cuda", []string{"Ubuntu 20.04", "Ubuntu 22.04", "Ubuntu 24.04"}},
		{"ubuntu | debian 12", []string{"Debian 12", "Ubuntu 24.04 CUDA 12.6", "Ubuntu 24.04 PyTorch 2.5 (CUDA 12.4)"}},
		{"!^ubuntu !^debian !^rocky", []string{"my-rocky-backup", "nightly 2023.11.12"}},
		{"rocky !12$ !.6$ !9$", []string{"my-rocky-backup"}},
		{"^Rocky", []string{"Rocky Linux 8.6", "Rocky Linux 9"}},
		{"^ROCKY", nil},
		{"'rocky'", []string{"Rocky Linux 8.6", "Rocky Linux 9", "my-rocky-backup"}},
		{"'rock'", nil},
		{"^debian-12$", []string{"Debian 12"}},
		{"^debian$", []string{"Debian 11", "Debian 12"}}, // the family
		{"snapshot", []string{"my-rocky-backup", "nightly 2023.11.12"}},
		{"!snapshot !cloud-image !base", []string{"Ubuntu 24.04 PyTorch 2.5 (CUDA 12.4)"}},
		{"!'ubnt", []string{"Debian 11", "Debian 12", "Rocky Linux 8.6", "Rocky Linux 9", "my-rocky-backup", "nightly 2023.11.12"}},
		{`'ubuntu\ 24.04\ c`, []string{"Ubuntu 24.04 CUDA 12.6"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			sameNames(t, tt.text, apply(es, Query{Text: tt.text}), tt.want)
			for _, e := range es {
				if pass := refPasses(e, tt.text); pass != slices.Contains(tt.want, e.Name) {
					t.Errorf("the reference says %q passes %q: %v", e.Name, tt.text, pass)
				}
			}
		})
	}
}

// TestApplyRunsRankFirst: a term found as a run (exact, prefix) ranks
// above the same term found scattered, even at word boundaries.
func TestApplyRunsRankFirst(t *testing.T) {
	tests := []struct {
		text  string
		names []string // arrival order
		want  []string // best first
	}{
		// fzf alone ranks "Ubuntu ML" (U, M, L at word starts) first.
		{"uml", []string{"Ubuntu ML", "cumlx"}, []string{"cumlx", "Ubuntu ML"}},
		{"cuda", []string{"CUDA-less Debian", "Cu Deep Ai", "my cuda box"}, []string{"CUDA-less Debian", "my cuda box", "Cu Deep Ai"}},
		// A run in the family (which counts for half) still beats a
		// scattered name.
		{"tf", []string{"The Forge", "x"}, []string{"x", "The Forge"}},
	}
	for _, tt := range tests {
		var imgs []img
		for _, n := range tt.names {
			im := img{name: n}
			if n == "x" {
				im.family = "tf-serving"
			}
			imgs = append(imgs, im)
		}
		if got := names(apply(entries(imgs...), Query{Text: tt.text})); !slices.Equal(got, tt.want) {
			t.Errorf("apply(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestApplyHighlightsEveryPositiveKind: each kind of term highlights the
// runes it matched; negations and type-only matches of other terms
// highlight nothing else.
func TestApplyHighlightsEveryPositiveKind(t *testing.T) {
	es := entries(img{name: "Ubuntu 24.04 CUDA 12.6", slug: "ubuntu-24.04-cuda-12.6", family: "Ubuntu CUDA", typ: api.TypeCloudImage})
	tests := []struct {
		text                    string
		name, slug, family, typ string // the highlighted runes, in order
	}{
		{"'24.04", "24.04", "24.04", "", ""},
		{"^ubu", "Ubu", "ubu", "Ubu", ""},
		{"12.6$", "12.6", "12.6", "", ""},
		{"^ubuntu-24.04-cuda-12.6$", "", "ubuntu-24.04-cuda-12.6", "", ""},
		{"'cuda'", "CUDA", "cuda", "CUDA", ""},
		{"u2c", "U2C", "u2c", "", ""}, // fuzzy, scattered
		{"ubuntu !debian", "Ubuntu", "ubuntu", "Ubuntu", ""},
		{"!debian", "", "", "", ""},
		{"cloud", "", "", "", "cloud"},
		{"zzz | 12.6$", "12.6", "12.6", "", ""},
	}
	for _, tt := range tests {
		rows := apply(es, Query{Text: tt.text})
		if len(rows) != 1 {
			t.Errorf("%q: %d rows", tt.text, len(rows))
			continue
		}
		r := rows[0]
		for _, c := range []struct {
			field, s string
			pos      []int
			want     string
		}{
			{"name", r.E.Name, r.NameMatch, tt.name},
			{"slug", r.E.Slug, r.SlugMatch, tt.slug},
			{"family", r.E.Family, r.FamilyMatch, tt.family},
			{"type", r.E.Type, r.TypeMatch, tt.typ},
		} {
			if got := picked(c.s, c.pos); got != c.want {
				t.Errorf("%q highlights %q of the %s %q, want %q", tt.text, got, c.field, c.s, c.want)
			}
		}
	}
}

// picked is the runes of s at the byte offsets pos.
func picked(s string, pos []int) string {
	var b strings.Builder
	for _, p := range pos {
		r, _ := utf8.DecodeRuneInString(s[p:])
		b.WriteRune(r)
	}
	return b.String()
}

func TestApplySyntaxOnTheID(t *testing.T) {
	es := entries(
		img{id: "3b29b09e-138e-11ef-a299-7fd37e9e8724", name: "a"},
		img{id: "df3718d1-c738-49e4-9d44-6b39579a2c6a", name: "b"},
	)
	tests := []struct {
		text string
		want []string
	}{
		{"^3b29b0", []string{"a"}},
		{"^3B29B0", []string{"a"}}, // an ID's case means nothing
		{"^9b09e1", nil},
		{"9e8724$", []string{"a"}},
		{"'138e-11", []string{"a"}},
		{"!'138e-11", []string{"b"}},
		{"!138e-1", []string{"b"}},
		{"!138e-", []string{"a", "b"}}, // too short to look for in IDs
		{"^3b29b09e-138e-11ef-a299-7fd37e9e8724$", []string{"a"}},
	}
	for _, tt := range tests {
		got := names(apply(es, Query{Text: tt.text}))
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("apply(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestNarrowsSyntax: what typing a query's operators does to the
// incremental filter.
func TestNarrowsSyntax(t *testing.T) {
	tests := []struct {
		old, new string
		want     bool
	}{
		{"!c", "!cu", false}, // a longer negation drops fewer
		{"!cu", "!c", true},
		{"'a", "'ab", true},
		{"'ab", "'a", false},
		{"a", "'a", true}, // a run is a subsequence
		{"'a", "a", false},
		{"a", "a |", true},
		{"a |", "a | b", false}, // another alternative widens
		{"a | b", "a", true},
		{"^abc", "^abcd", true},
		{"^abc", "^abcd$", true},
		{"abc$", "abcd$", false},
		{"bcd$", "abcd$", true},
		{"^ab", "^abc", false}, // starts matching types
		{"^ab", "'ab", false},
		{"'ab", "^ab", true},
		{"'ab'", "'abc'", false},
		{"'", "'a", true},
		{"ubuntu", "ubuntu !cloud", true},
		{"ubuntu !cloud", "ubuntu", false},
		{"!cloud", "!cloud ubuntu", true},
		{"!'ub", "!'u", true},
		{"!'u", "!'ub", false},
		{"!ab", "!'ab", true}, // absent even fuzzily: absent as a run
		{"!'ab", "!ab", false},
	}
	for _, tt := range tests {
		if got := narrows(Query{Text: tt.old}, parsePattern(tt.old), Query{Text: tt.new}, parsePattern(tt.new)); got != tt.want {
			t.Errorf("narrows(%q → %q) = %v, want %v", tt.old, tt.new, got, tt.want)
		}
	}
}

// FuzzQuery checks the query syntax on arbitrary queries and names: an
// entry passes exactly when the reference says so, every highlight is a
// rune of its field, and the incremental results after any earlier query
// are exactly those computed from scratch.
func FuzzQuery(f *testing.F) {
	for _, seed := range [][4]string{
		{"ubuntu !cloud", "ubu", "Ubuntu 24.04", "ubuntu-24.04"},
		{"^rocky", "^roc", "Rocky Linux 9", "rocky-9"},
		{"debian-12$", "debian-1", "Debian 12", "debian-12"},
		{"'24.04", "'24", "Ubuntu 24.04 CUDA", "x"},
		{"!cu", "!c", "CUDA box", "cuda"},
		{"^core | go$ | rb$", "^core |", "core-go", "x.rb"},
		{"'wild' Ab", "'wild", "a wild Abc", "wilder"},
		{`'a\ b`, "'a", "a b", "ab"},
		{"İz", "iz", "İzmir", "izmir"},
		{"snap !snapshot", "snap", "snapshot of x", ""},
		{"^^x$$", "^^", "^x$", "x$"},
		{"u2", "'u2", "Ubuntu 24.04", "ubuntu-24.04"}, // a run narrows to fuzzy, not back
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	types := []api.ImageType{api.TypeCloudImage, api.TypeSnapshot, api.TypeBaseOS, "Weird-Type"}
	f.Fuzz(func(t *testing.T, query, before, name, slug string) {
		if len(query) > 64 || len(before) > 64 || len(name) > 128 || len(slug) > 128 {
			return
		}
		var imgs []img
		for i, n := range []string{name, slug, name + " " + slug, strings.ToUpper(name), "Ubuntu 24.04", "debian-12"} {
			imgs = append(imgs, img{
				id:     fmt.Sprintf("0123abcd-%04d-4000-8000-%012d", i, i*7919),
				name:   n,
				slug:   []string{slug, "", name, "ubuntu-24.04"}[i%4],
				family: []string{"", "Ubuntu", slug, ""}[i%4],
				typ:    types[i%len(types)],
			})
		}
		es := entries(imgs...)
		rows := apply(es, Query{Text: query})
		passed := make(map[*Entry]bool)
		for _, r := range rows {
			passed[r.E] = true
			checkHighlights(t, query, r)
		}
		for _, e := range es {
			if want := refPasses(e, query); passed[e] != want {
				t.Fatalf("%q on %q (slug %q, family %q, type %q): passes=%v, the reference says %v",
					query, e.Name, e.Slug, e.Family, e.Type, passed[e], want)
			}
		}
		for _, sort := range []Sort{SortName, SortCreated} {
			v := NewResults()
			v.Update(es, Query{Text: before, Sort: sort})
			v.Update(es, Query{Text: query, Sort: sort})
			sameRows(t, fmt.Sprintf("%q after %q", query, before), rowsOf(v), reference(es, Query{Text: query, Sort: sort}))
		}
	})
}

// checkHighlights checks that a row's positions are ascending rune starts
// inside their fields.
func checkHighlights(t *testing.T, query string, r Row) {
	t.Helper()
	for _, c := range []struct {
		s   string
		pos []int
	}{{r.E.Name, r.NameMatch}, {r.E.Slug, r.SlugMatch}, {r.E.Family, r.FamilyMatch}, {r.E.Type, r.TypeMatch}} {
		for i, p := range c.pos {
			if p < 0 || p >= len(c.s) || !utf8.RuneStart(c.s[p]) || i > 0 && p <= c.pos[i-1] {
				t.Fatalf("%q on %q: positions %v in %q", query, r.E.Name, c.pos, c.s)
			}
		}
	}
}
