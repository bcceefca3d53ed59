package catalog

import (
	"cmp"
	"slices"
	"strings"

	"github.com/genesiscloud-tools/gcimg/api"
)

// Sort is the order of rows when no text query ranks them, and the
// tiebreak between equal scores when one does.
type Sort int

// The sort modes, in the order Next cycles through them.
const (
	SortName    Sort = iota // name A→Z, case-insensitive
	SortCreated             // newest created first
	SortUpdated             // newest updated first
)

const numSorts = 3

// String names the sort for the status line.
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
	if s < 0 || s >= numSorts-1 {
		return SortName
	}
	return s + 1
}

// Query is what the user asked to see in a tab.
type Query struct {
	// Text is a fuzzy query over name, slug and family (and ID, see the
	// package doc); white space separates terms that must all match.
	Text string
	// Region keeps only images available in that region code.
	Region string
	// Sort orders the rows.
	Sort Sort
}

// Active reports whether the query filters anything.
func (q Query) Active() bool {
	return strings.TrimSpace(q.Text) != "" || q.Region != ""
}

// Row is one entry that passed a query.
type Row struct {
	E *Entry
	// Score ranks text matches, higher is better; 0 without text.
	Score int
	// NameMatch, SlugMatch and FamilyMatch are the byte offsets into
	// E.Name, E.Slug and E.Family of the matched runes, ascending, for
	// highlighting; nil where the field did not match.
	NameMatch, SlugMatch, FamilyMatch []int
}

// Apply returns the entries that pass q, best first. With text, rows are
// ordered by score and ties by q.Sort; without, by q.Sort. Ties left by
// the sort fall back to arrival order. entries is not modified.
func Apply(entries []*Entry, q Query) []Row {
	terms := parseTerms(q.Text)
	var rows []Row
	if terms == nil {
		rows = make([]Row, 0, len(entries))
	}
	var mt matcher
	for _, e := range entries {
		if q.Region != "" && !contains(e.Regions, q.Region) {
			continue
		}
		if terms == nil {
			rows = append(rows, Row{E: e})
			continue
		}
		m, ok := mt.entry(e, terms)
		if !ok {
			continue
		}
		rows = append(rows, Row{E: e, Score: m.score, NameMatch: m.name, SlugMatch: m.slug, FamilyMatch: m.family})
	}
	// Every order ends in Seq, which is unique within a feed, so the
	// faster unstable sort gives the stable result.
	by := compareFunc(q.Sort)
	if terms == nil {
		slices.SortFunc(rows, func(a, b Row) int { return by(a.E, b.E) })
	} else {
		slices.SortFunc(rows, func(a, b Row) int {
			if c := cmp.Compare(b.Score, a.Score); c != 0 {
				return c
			}
			return by(a.E, b.E)
		})
	}
	return rows
}

func compareFunc(s Sort) func(a, b *Entry) int {
	switch s {
	case SortCreated:
		return func(a, b *Entry) int {
			if c := b.Image.CreatedAt.Compare(a.Image.CreatedAt); c != 0 {
				return c
			}
			return cmp.Compare(a.Seq, b.Seq)
		}
	case SortUpdated:
		return func(a, b *Entry) int {
			if c := b.Image.UpdatedAt.Compare(a.Image.UpdatedAt); c != 0 {
				return c
			}
			return cmp.Compare(a.Seq, b.Seq)
		}
	}
	return func(a, b *Entry) int {
		// Nameless entries go last rather than open the list.
		if (a.nameKey == "") != (b.nameKey == "") {
			if a.nameKey == "" {
				return 1
			}
			return -1
		}
		if c := strings.Compare(a.nameKey, b.nameKey); c != 0 {
			return c
		}
		return cmp.Compare(a.Seq, b.Seq)
	}
}

// RegionCount is one line of the region picker.
type RegionCount struct {
	Region string
	Count  int
}

// RegionCounts lists, sorted by code, every region seen in entries and
// every api.KnownRegions code, with the number of entries that pass
// q.Text in that region. q.Region is ignored: the picker shows what each
// choice would give. Known codes nobody uses count 0; unknown codes that
// appear are included, since the API has no regions endpoint.
func RegionCounts(entries []*Entry, q Query) []RegionCount {
	counts := make(map[string]int, len(api.KnownRegions)+4)
	for _, r := range api.KnownRegions {
		counts[r] = 0
	}
	terms := parseTerms(q.Text)
	for _, e := range entries {
		pass := terms == nil || matches(e, terms)
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
