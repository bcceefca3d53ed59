package catalog

// queryCache keeps the results of the text queries typed since the text
// was last empty, as fzf keeps its own: deleting a character, typing it
// again, or going back to any query of the editing session is answered
// without a scan. An empty text ends the session and empties the cache,
// so a new query is always matched afresh.
//
// A result taken from the cache is brought up to date with the entries
// that arrived since it was put away (Results.admit, which keeps the
// current result up to date as pages arrive), and a reload empties the
// cache (Results.Sync). Its key is everything the rows depend on: the
// query's terms (not its text: "rocky " is "rocky"), region, sort,
// reverse and ranking.
//
// Its memory is bounded: at most cacheRowsPerEntry rows for every entry
// of the tab (8 bytes a row, pointer-free, so the garbage collector never
// scans them), the least recently used results going first.
type queryCache struct {
	sets []*matchSet // least recently used first
}

// cacheRowsPerEntry bounds the rows the cache holds, over all its
// results (a ranked result holds each match twice: in sort order and
// ranked): 32 bytes per entry at most.
const cacheRowsPerEntry = 4

// cacheKey is what a result's rows depend on.
type cacheKey struct {
	terms           string // pattern.key
	region          string
	sort            Sort
	reverse, noRank bool
}

func keyOf(q Query, p *pattern) cacheKey {
	return cacheKey{terms: p.key(), region: q.Region, sort: q.Sort, reverse: q.Reverse, noRank: q.NoRank}
}

// get returns the result for k, or nil, and marks it as the most
// recently used.
func (c *queryCache) get(k cacheKey) *matchSet {
	for i, r := range c.sets {
		if r.key == k {
			c.sets = append(append(c.sets[:i:i], c.sets[i+1:]...), r)
			return r
		}
	}
	return nil
}

// put adds r as the most recently used result, then drops the least
// recently used ones (never r) while they hold more than
// cacheRowsPerEntry rows per entry of n.
func (c *queryCache) put(r *matchSet, n int) {
	c.sets = append(c.sets, r)
	total := 0
	for _, s := range c.sets {
		total += s.size()
	}
	for len(c.sets) > 1 && total > cacheRowsPerEntry*n {
		total -= c.sets[0].size()
		c.sets[0] = nil
		c.sets = c.sets[1:]
	}
}

// clear drops every result.
func (c *queryCache) clear() { c.sets = nil }

// size is the number of rows r holds.
func (r *matchSet) size() int {
	n := r.byBase.Len()
	if r.ranked != r.byBase {
		n += r.ranked.Len()
	}
	return n
}
