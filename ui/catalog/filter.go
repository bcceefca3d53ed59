package catalog

import (
	"cmp"
	"slices"
	"strings"

	"github.com/genesiscloud-tools/gcimg/internal/enum"
)

// Sort is the order of rows when no text query ranks them, and the
// tiebreak between equal scores when one does.
type Sort int

// The sort modes, in the order Next cycles through them.
const (
	SortName    Sort = iota // name A→Z, by collation (collation.go), ignoring case
	SortCreated             // newest created first
	SortUpdated             // newest updated first
)

const numSorts = 3

// Sorts is every sort, in the order Next cycles through them, named as
// the status line shows them and as a flag or setting names them.
var Sorts = enum.New("sort", Sort.String, SortName, SortCreated, SortUpdated)

// String names the sort: "name", "created" or "updated".
func (s Sort) String() string {
	switch s {
	case SortCreated:
		return "created"
	case SortUpdated:
		return "updated"
	}
	return "name"
}

// Next is the sort after s, wrapping around.
func (s Sort) Next() Sort {
	all := Sorts.Values()
	return all[(slices.Index(all, s)+1)%len(all)]
}

// Query is what the user asked to see in a tab.
type Query struct {
	// Text is a query in fzf's extended syntax over name, slug, family,
	// ID and type (see the package doc): 'exact, ^prefix, suffix$,
	// !negation, a | b; white space separates terms that must all match.
	Text string
	// Region keeps only images available in that region code.
	Region string
	// Sort orders the rows; with Text, it orders rows of equal score.
	Sort Sort
	// Reverse reverses Sort: names Z→A, dates oldest first, and the rows
	// Sort leaves equal (and nameless ones) in reverse too. It does not
	// reverse the ranking: with Text, the best match still comes first,
	// and only rows of equal score follow the reversed sort, as with
	// fzf's --tac.
	Reverse bool
	// NoRank orders the rows by Sort alone even with Text, which then
	// only filters: what `gcimg list --query Q --sort S` asks for.
	NoRank bool
}

// ranks reports whether rows for q are ranked by score.
func (q Query) ranks(p *pattern) bool { return p != nil && !q.NoRank }

// Active reports whether the query filters anything.
func (q Query) Active() bool {
	return strings.TrimSpace(q.Text) != "" || q.Region != ""
}

// Row is one entry that passed a query.
type Row struct {
	E *Entry
	// Score ranks text matches, higher is better; 0 without text.
	Score int
	// NameMatch, SlugMatch, FamilyMatch and TypeMatch are the byte
	// offsets into E.Name, E.Slug, E.Family and E.Type of the matched
	// runes, ascending, for highlighting; nil where the field did not
	// match. Every positive term highlights what it matched (exact,
	// prefix and suffix terms a contiguous run); negations highlight
	// nothing.
	NameMatch, SlugMatch, FamilyMatch, TypeMatch []int
}

// compareFunc is sort s, forwards: the order every Results keeps.
// Entries it cannot tell apart are in arrival order.
func compareFunc(s Sort) func(a, b *Entry) int {
	switch s {
	case SortCreated:
		return func(a, b *Entry) int {
			if c := b.Image.CreatedAt.Compare(a.Image.CreatedAt); c != 0 {
				return c
			}
			return compareSeq(a, b)
		}
	case SortUpdated:
		return func(a, b *Entry) int {
			if c := b.Image.UpdatedAt.Compare(a.Image.UpdatedAt); c != 0 {
				return c
			}
			return compareSeq(a, b)
		}
	}
	// Nameless entries go last rather than open the list.
	return compareByName
}

func compareSeq(a, b *Entry) int { return cmp.Compare(a.Seq, b.Seq) }

// RegionCount is one line of the region picker.
type RegionCount struct {
	Region string
	Count  int
}
