package catalog

import (
	"fmt"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// firstCodeOf reads entry i's code for column k.
func (x *firstIndex) code(k, i int) uint8 {
	return x.cols[k][i/2] >> (4 * (i % 2)) & 0xf
}

// checkFirst holds the index's score for each character against each
// entry to the matcher's, for the query of that one character.
func checkFirst(t *testing.T, entries []*Entry) {
	t.Helper()
	var x firstIndex
	for _, e := range entries {
		x.add(e)
	}
	var mt matcher
	for k, c := range firstChars {
		p := parsePattern(string(c))
		if x.firstTerm(p) == nil {
			t.Fatalf("the index does not answer %q", c)
		}
		for i, e := range entries {
			m, ok := mt.entry(e, p)
			code := x.code(k, i)
			if ok != (code != 0) || ok && int32(m.score) != firstScore[code] {
				t.Fatalf("%q against name %q, slug %q, family %q: the index says %d (code %d), the matcher %d, %v",
					c, e.Name, e.Slug, e.Family, firstScore[code], code, m.score, ok)
			}
		}
	}
}

func entriesOf(imgs []api.Image) []*Entry {
	in := NewInterner()
	out := make([]*Entry, len(imgs))
	for i, im := range imgs {
		out[i] = NewEntry(im, i, in)
	}
	return out
}

func fieldsEntry(name, slug, family string, seq int) api.Image {
	im := api.Image{ID: fmt.Sprintf("%032x", seq), Name: name, Type: api.TypeSnapshot}
	if slug != "" {
		im.Slug = &slug
	}
	if family != "" {
		im.Family = &family
	}
	return im
}

// oddImages are names chosen to reach every bonus: word starts after
// white space, delimiters and other characters, camel case, digits after
// letters, upper case, runes that fold to ASCII, a family that outscores
// the name.
func oddImages() []api.Image {
	return []api.Image{
		fieldsEntry("Ubuntu ML PyTorch for NVIDIA®", "ubuntu-ml-pytorch", "ubuntu", 1),
		fieldsEntry("CamelCase/Path:to|it;x,y", "", "", 2),
		fieldsEntry("v2.0_rc1 (beta)", "v2-0", "x", 3),
		fieldsEntry("İzmir \u212Aelvin Ömer", "", "", 4),
		fieldsEntry("日本語サーバー 🚀 Rocket", "", "rocket", 5),
		fieldsEntry("", "only-slug", "", 6),
		fieldsEntry("zzz", "", "a b c/d:e", 7),
		fieldsEntry("aBc123dEf", "ABC", "abc", 8),
		fieldsEntry("\t x", "", "", 9),
	}
}

// TestFirstIndexMatchesMatcher: for every entry of the demo, of a
// generated catalog and of names chosen to reach every bonus (word starts
// after white space, delimiters and other characters, camel case, digits
// after letters, upper case, runes that fold to ASCII, a family that
// outscores the name), the index scores each one-character query as the
// matcher does.
func TestFirstIndexMatchesMatcher(t *testing.T) {
	odd := oddImages()
	for name, imgs := range map[string][]api.Image{
		"demo":      fakeapi.DemoCatalog(),
		"generated": fakeapi.Generate(3000, 5),
		"odd":       odd,
	} {
		t.Run(name, func(t *testing.T) { checkFirst(t, entriesOf(imgs)) })
	}
}

// TestFirstIndexAnswersOnlyItsTerms: the index stands in for the matcher
// only for one positive, lower-case, fuzzy term of a letter or digit.
func TestFirstIndexAnswersOnlyItsTerms(t *testing.T) {
	var x firstIndex
	x.add(entriesOf([]api.Image{fieldsEntry("ubuntu", "", "", 1)})[0])
	for q, want := range map[string]bool{
		"u": true, "7": true, " u ": true,
		"U": false, "ub": false, "'u": false, "^u": false, "u$": false, "!u": false,
		"u b": false, "u | b": false, "-": false, "é": false, "": false,
	} {
		if got := x.firstTerm(parsePattern(q)) != nil; got != want {
			t.Errorf("%q: answered by the index %v, want %v", q, got, want)
		}
	}
}

// TestResultsOneCharacter: a query of one character, answered by the
// index, gives the rows (order, scores and highlights) that matching
// every entry gives, with and without a region, in each sort, reversed
// and not ranked, and as pages arrive after it.
func TestResultsOneCharacter(t *testing.T) {
	imgs := fakeapi.Generate(4000, 9)
	entries := entriesOf(imgs)
	for _, c := range firstChars {
		for _, q := range []Query{
			{Text: string(c)},
			{Text: string(c), Region: "NORD-NO-KRS-1"},
			{Text: string(c), Sort: SortCreated, Reverse: true},
			{Text: string(c), NoRank: true, Sort: SortUpdated},
		} {
			sameRows(t, fmt.Sprintf("%+v", q), apply(entries, q), reference(entries, q))
		}
	}
	v := NewResults()
	q := Query{Text: "u"}
	v.Update(entries[:1000], q)
	v.Update(entries, q)
	sameRows(t, "pages after the query", rowsOf(v), reference(entries, q))
}

// FuzzFirstIndex: for any name, slug and family, the index scores every
// one-character query as the matcher does.
func FuzzFirstIndex(f *testing.F) {
	f.Add("Ubuntu ML PyTorch for NVIDIA®", "ubuntu-ml", "ubuntu")
	f.Add("İzmir \u212Aelvin", "", "")
	f.Add("CamelCase/Path:to|it", "a1b2", "z")
	f.Add("\xff\xfe x", "", "\t9")
	f.Fuzz(func(t *testing.T, name, slug, family string) {
		if len(name)+len(slug)+len(family) > 600 {
			return
		}
		checkFirst(t, entriesOf([]api.Image{fieldsEntry(name, slug, family, 1)}))
	})
}
