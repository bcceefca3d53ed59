package catalog

import (
	"fmt"
	"slices"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// feedOf hands out a generated catalog's entries a page at a time, as a
// feed does, and can reload (new entries, from page 1).
type feedOf struct {
	imgs    []api.Image
	in      *Interner
	entries []*Entry
}

func newFeedOf(n int, seed int64) *feedOf {
	return &feedOf{imgs: fakeapi.Generate(n, seed), in: NewInterner()}
}

func (f *feedOf) page(n int) {
	for range n {
		if len(f.entries) == len(f.imgs) {
			return
		}
		f.entries = append(f.entries, NewEntry(f.imgs[len(f.entries)], len(f.entries), f.in))
	}
}

func (f *feedOf) reload(n int) {
	f.entries = nil
	f.page(n)
}

// TestResultsCache: a query typed earlier in the editing session comes
// back from the cache, brought up to date with the pages that arrived
// since; an empty text, a reload, and a different region or sort do not
// reuse what was cached.
func TestResultsCache(t *testing.T) {
	f := newFeedOf(3000, 3)
	f.page(1000)
	v := NewResults()
	q := Query{}
	check := func(step string) *matchSet {
		t.Helper()
		v.Update(f.entries, q)
		sameRows(t, fmt.Sprintf("%s (q=%+v, %d entries)", step, q, len(f.entries)), rowsOf(v), reference(f.entries, q))
		return v.res
	}

	typed := map[string]*matchSet{}
	for _, c := range "ubun" {
		q.Text += string(c)
		typed[q.Text] = check("type")
	}
	f.page(500) // pages arrive after "ubu" was typed
	for q.Text != "u" {
		q.Text = q.Text[:len(q.Text)-1]
		if r := check("backspace"); r != typed[q.Text] {
			t.Fatalf("backspace to %q scanned again instead of using the cache", q.Text)
		}
	}
	q.Text = "ub"
	if check("retype") != typed["ub"] {
		t.Fatal("retyping a query of the session scanned again")
	}

	q.Text = "ub "
	if check("trailing space") != typed["ub"] {
		t.Fatal("a trailing space, the same terms, scanned again")
	}
	q.Text = " ub"
	if check("leading space") != typed["ub"] {
		t.Fatal("a leading space, the same terms, scanned again")
	}

	// Keyed by everything the rows depend on.
	q.Region = "NORD-NO-KRS-1"
	if check("region") == typed["ub"] {
		t.Fatal("a region change reused the rows of all regions")
	}
	q.Region = ""
	q.Sort = SortCreated
	if check("sort") == typed["ub"] {
		t.Fatal("a sort change reused the rows by name")
	}
	q.Sort = SortName
	q.Reverse = true
	if check("reverse") == typed["ub"] {
		t.Fatal("reversing reused the unreversed ranking")
	}
	q.Reverse = false
	if check("back to the first key") != typed["ub"] {
		t.Fatal("the cache lost \"ub\" for another key")
	}

	// A page that arrives while the cached result is current is admitted
	// to it, and once it is cached again only later pages need adding.
	f.page(300)
	check("page while current")
	q.Text = "ubu"
	check("ubu, brought up to date")
	f.page(300)
	q.Text = "ub"
	check("ub again, brought up to date")

	// An empty text ends the editing session.
	q.Text = ""
	check("empty")
	q.Text = "ub"
	if check("a new session") == typed["ub"] {
		t.Fatal("a query typed after the text was empty came from the cache")
	}

	// A reload drops everything.
	q.Text = "ubu"
	before := check("ubu")
	q.Text = "ub"
	check("ub")
	f.reload(700)
	q.Text = "ubu"
	if check("after a reload") == before {
		t.Fatal("a reload kept the cached results of the old entries")
	}
}

// TestResultsCacheBounded: however many queries are typed, the cache
// holds at most cacheRowsPerEntry rows per entry.
func TestResultsCacheBounded(t *testing.T) {
	f := newFeedOf(2000, 5)
	f.page(2000)
	v := NewResults()
	held := func() int {
		n := 0
		for _, r := range v.typed.sets {
			n += r.size()
		}
		return n
	}
	most := 0
	for _, text := range []string{"e", "e ", "e a", "e a i", "e a i o", "a", "a e", "i", "o", "n", "s", "t", "r"} {
		v.Update(f.entries, Query{Text: text})
		most = max(most, held())
		if held() > cacheRowsPerEntry*len(f.entries) {
			t.Fatalf("after %q the cache holds %d rows for %d entries", text, held(), len(f.entries))
		}
		if len(v.typed.sets) == 0 || v.typed.sets[len(v.typed.sets)-1] != v.res {
			t.Fatalf("after %q the current result is not the most recent in the cache", text)
		}
	}
	if most < 2*len(f.entries) {
		t.Fatalf("the cache never held more than %d rows: the test does not reach its bound", most)
	}
	if v.Update(f.entries, Query{}); len(v.typed.sets) != 0 {
		t.Fatal("an empty text left results in the cache")
	}
}

// FuzzResultsCache drives one Results through an editing session of
// arbitrary keys (typing, deleting, clearing), with pages arriving,
// reloads, and region, sort and reverse changes in between: after every
// step its rows are exactly those computed from scratch, whether they
// came from the cache, from narrowing, or from a full scan.
func FuzzResultsCache(f *testing.F) {
	f.Add([]byte("ubun\x08\x08\x01\x08\x08ub"), "ubn")
	f.Add([]byte("rocky 9\x08\x08\x01\x08\x08\x08\x02rock"), "rocky 9")
	f.Add([]byte("deb\x03\x08\x04\x08\x05de\x06de\x07deb"), "deb")
	f.Add([]byte("ub !cl\x01\x08\x08\x08\x08u |\x08\x08x\x06"), "ub !cl|x")
	f.Add([]byte("sn\x01a\x08\x01\x08a\x07sna\x08"), "snap")
	const (
		backspace = 8
		page      = 1
		reload    = 2
		region    = 3
		sort      = 4
		reverse   = 5
		clearText = 6
		norank    = 7
	)
	f.Fuzz(func(t *testing.T, ops []byte, alphabet string) {
		if len(ops) > 64 || len(alphabet) > 16 {
			return
		}
		src := newFeedOf(900, 11)
		src.page(200)
		v := NewResults()
		var q Query
		regions := []string{"", "NORD-NO-KRS-1", "EUC-DE-MUC-1"}
		for i, op := range ops {
			switch {
			case op == backspace:
				if q.Text != "" {
					q.Text = q.Text[:len(q.Text)-1]
				}
			case op == page:
				src.page(75)
			case op == reload:
				src.reload(100 + 50*(i%3))
			case op == region:
				q.Region = regions[(slices.Index(regions, q.Region)+1)%len(regions)]
			case op == sort:
				q.Sort = q.Sort.Next()
			case op == reverse:
				q.Reverse = !q.Reverse
			case op == clearText:
				q.Text = ""
			case op == norank:
				q.NoRank = !q.NoRank
			case op < 32 && alphabet != "":
				q.Text += string(alphabet[int(op)%len(alphabet)])
			default:
				q.Text += string(rune(op))
			}
			v.Update(src.entries, q)
			sameRows(t, fmt.Sprintf("step %d (q=%+v, %d entries)", i, q, len(src.entries)), rowsOf(v), reference(src.entries, q))
		}
	})
}

// TestPatternKey: queries that differ only in white space share a key;
// any difference in the terms does not.
func TestPatternKey(t *testing.T) {
	same := [][]string{
		{"rocky", "rocky ", "  rocky", "rocky\t", "rocky |"}, // a | with nothing after it joins nothing
		{"ub !cl", "ub  !cl ", " ub !cl"},
		{"a | b", "a  |  b"},
	}
	for _, s := range same {
		for _, q := range s[1:] {
			if parsePattern(q).key() != parsePattern(s[0]).key() {
				t.Errorf("%q and %q have different keys", s[0], q)
			}
		}
	}
	differ := []string{"rocky", "Rocky", "'rocky", "^rocky", "rocky$", "!rocky", "rock y", "rocky | x", `rock\ y`, "y rock", "rocky9",
		"x | y", "x0falsey", "x | |y", "x |y", "x|y"} // the last few: terms whose text looks like the key's other parts
	for i, a := range differ {
		for _, b := range differ[i+1:] {
			if parsePattern(a).key() == parsePattern(b).key() {
				t.Errorf("%q and %q share a key", a, b)
			}
		}
	}
}
