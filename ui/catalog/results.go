package catalog

import (
	"cmp"
	"encoding/binary"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/genesiscloud-tools/gcimg/api"
)

// Results is one tab's rows: the entries of its feed that pass the query, in
// the query's order. It is what the list shows and what keeps the list
// fast at 100k images:
//
//   - every sort order is kept, per sort mode, as an order of all entries,
//     built on first use and then updated by insertion as pages arrive,
//     so a page costs O(page · log n), not a sort of everything loaded;
//   - with no query, the rows are that order itself: clearing the filter,
//     or switching to a tab whose query has not changed, costs nothing;
//   - a query is matched with scores only; the positions to highlight
//     are worked out for the rows read with At, which are the rows on
//     screen;
//   - matching walks the candidates in sort order, so ranking is a stable
//     counting sort by score, with no comparison of names;
//   - a query that extends the previous one (a character typed at the
//     end) only rescans the previous matches;
//   - the results of the queries typed since the text was last empty are
//     kept (cache.go), so deleting a character costs no scan;
//   - the scan is split across the available CPUs, and reuses its score
//     table from one keystroke to the next.
//
// The work is done in Update, on the caller's goroutine: at 100k images a
// keystroke's filtering stays well inside a frame (BenchmarkFilter in ui),
// so there is nothing to gain from running it elsewhere and no stale
// result to drop.
//
// Results is not safe for concurrent use.
type Results struct {
	entries []*Entry
	recs    []recRef           // Entry.rec by Seq, so a scan need not load the entries
	masks   []uint64           // each entry's regions as bits of regions, by Seq
	regions regionBits         // every region seen
	base    [numSorts]*order   // every entry by each sort; nil until needed
	keys    [numSorts][]uint64 // sortKey of each entry, by Seq, while base[s] exists
	names   []string           // each entry's collKey, by Seq
	types   []uint8            // each entry's type in typeTab, by Seq
	typeTab typeTable          // every type seen
	fams    []uint16           // each entry's family in famTab, by Seq
	chars   []uint64           // charBits of each entry's key without the ID, by Seq
	famTab  familyTable        // the families seen
	idBytes byteSet            // every byte of every entry's lower-cased ID
	first   firstIndex         // each entry's score for each one-character query
	next    *NextIndex         // each entry's score for the queries one character longer than the last short term, once built

	has bool      // q is the query the rows are for
	q   Query     //
	pat *pattern  // q.Text parsed
	res *matchSet // nil when q filters nothing: the rows are base[q.Sort]

	rows  map[int32]*Row // rows At has handed out for the current query
	mt    matcher
	typed queryCache // the results of the queries typed since the text was empty

	// The scan's scratch space, kept from one keystroke to the next: a
	// score by Seq, and the candidates as a bit set by Seq.
	scores []int32
	wanted []uint64
}

// NewResults returns empty results, for a feed with no entries yet.
func NewResults() *Results { return &Results{} }

// Update brings the view up to date with entries (the feed's, in arrival
// order) and q, doing only the work that changed: entries added since the
// last call are inserted, and q is applied if it differs from the last
// query. A slice that does not extend the previous one (the feed
// reloaded) starts the view afresh.
//
// A text query typed earlier in the editing session (since the text was
// last empty) is answered from the cache (cache.go), and one that differs
// from the current query only in white space keeps the current rows.
func (v *Results) Update(entries []*Entry, q Query) {
	v.Sync(entries)
	if v.has && q == v.q {
		return
	}
	p := parsePattern(q.Text)
	v.keepNext(p)
	if p == nil {
		v.typed.clear() // the editing session is over
	} else {
		k := keyOf(q, p)
		if v.has && v.res != nil && v.res.key == k {
			v.q = q // the same terms: the same rows and highlights
			return
		}
		if r := v.typed.get(k); r != nil {
			v.admit(r, r.seen)
			v.has, v.q, v.pat, v.rows, v.res = true, q, p, nil, r
			return
		}
	}
	v.has, v.q, v.pat, v.rows = true, q, p, nil
	v.res = v.prepare(q, p).run()
	if v.res != nil && p != nil {
		v.res.key = keyOf(q, p)
		v.typed.put(v.res, len(v.entries))
	}
}

// Sync takes in the entries added since the last call (see Update).
func (v *Results) Sync(entries []*Entry) {
	old := len(v.entries)
	if len(entries) < old || old > 0 && entries[old-1] != v.entries[old-1] {
		// A reload: nothing carries over.
		v.entries = nil
		v.recs = nil
		v.masks = nil
		v.names = nil
		v.types = nil
		v.typeTab = typeTable{}
		v.fams = nil
		v.chars = nil
		v.famTab = familyTable{}
		v.idBytes = byteSet{}
		v.first = firstIndex{}
		v.next = nil
		v.typed.clear()
		v.regions = regionBits{}
		v.base = [numSorts]*order{}
		v.keys = [numSorts][]uint64{}
		v.res = nil
		v.has = false
		v.rows = nil
		old = 0
	}
	v.entries = entries
	if len(entries) == old {
		return
	}
	added := entries[old:]
	for _, e := range added {
		v.recs = append(v.recs, newRecRef(e.rec))
		v.masks = append(v.masks, v.regions.mask(e.Regions))
		v.names = append(v.names, e.collKey)
		v.types = append(v.types, v.typeTab.index(e.Type))
		v.fams = append(v.fams, v.famTab.index(e.Family))
		v.chars = append(v.chars, charBits(e.Key[:len(e.Key)-len(e.idKey)]))
		v.idBytes.addAll(e.idKey)
		v.first.add(e)
	}
	for s, o := range v.base {
		if o != nil {
			for _, e := range added {
				v.keys[s] = append(v.keys[s], sortKey(e, Sort(s)))
			}
			o.insertAll(seqItems(old, len(added)), v.cmpBase(Sort(s)))
		}
	}
	if v.res != nil {
		v.admit(v.res, old)
	}
}

func seqItems(from, n int) []item {
	items := make([]item, n)
	for i := range items {
		items[i].seq = int32(from + i)
	}
	return items
}

// admit adds the entries from index from on that pass r's query to r,
// which then holds every entry's.
func (v *Results) admit(r *matchSet, from int) {
	r.seen = len(v.entries)
	var byBase, ranked []item
	for i := from; i < len(v.entries); i++ {
		if sc, ok := r.q.pass(v.entries[i], r.pat, &v.mt); ok {
			byBase = append(byBase, item{seq: int32(i), score: int32(sc)})
		}
	}
	if len(byBase) == 0 {
		return
	}
	if r.ranked != r.byBase {
		ranked = slices.Clone(byBase)
	}
	r.byBase.insertAll(byBase, v.cmpBase(r.q.Sort))
	if ranked != nil {
		r.ranked.insertAll(ranked, v.cmpRanked(r.q.Sort, r.q.Reverse))
	}
}

// pass matches e against q's region and text, parsed as p.
func (q Query) pass(e *Entry, p *pattern, mt *matcher) (score int, ok bool) {
	if q.Region != "" && !slices.Contains(e.Regions, q.Region) {
		return 0, false
	}
	if p == nil {
		return 0, true
	}
	f := entryFields(e)
	return mt.fieldsScore(&f, p, nil)
}

// typeTable numbers the types a view has seen, so that a scan reads an
// entry's type through a byte by Seq instead of from the entry.
type typeTable struct {
	num        map[string]uint8
	shown, low []string // by number: the type, and lowerASCII of it
	overflow   bool     // some type got typeUnknown
}

// typeUnknown is the number of a type past the 255th: the scan reads it
// from the entry.
const typeUnknown = math.MaxUint8

func (tt *typeTable) index(typ string) uint8 {
	if i, ok := tt.num[typ]; ok {
		return i
	}
	if len(tt.shown) >= typeUnknown {
		tt.overflow = true
		return typeUnknown
	}
	if tt.num == nil {
		tt.num = make(map[string]uint8)
	}
	i := uint8(len(tt.shown))
	tt.num[typ] = i
	tt.shown = append(tt.shown, typ)
	tt.low = append(tt.low, lowerASCII(typ))
	return i
}

// familyTable numbers the families a view has seen, up to maxFamilies,
// so that a scan remembers each family's score per term in a slice
// (matcher.families). Families past the limit (hostile data: every image
// its own family) are matched on every entry.
type familyTable struct {
	num   map[string]uint16
	count int
}

// maxFamilies is the most families a familyTable numbers; famUnknown is
// the number of the others, and of no family.
const (
	maxFamilies = 1024
	famUnknown  = math.MaxUint16
)

func (ft *familyTable) index(family string) uint16 {
	if family == "" {
		return famUnknown
	}
	if i, ok := ft.num[family]; ok {
		return i
	}
	if ft.count >= maxFamilies {
		return famUnknown
	}
	if ft.num == nil {
		ft.num = make(map[string]uint16)
	}
	i := uint16(ft.count)
	ft.num[family] = i
	ft.count++
	return i
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (b *byteSet) addAll(s string) {
	for i := 0; i < len(s); i++ {
		b[s[i]>>6] |= 1 << (s[i] & 63)
	}
}

// holdsAll reports whether every byte of s is in the set.
func (b *byteSet) holdsAll(s string) bool {
	for i := 0; i < len(s); i++ {
		if b[s[i]>>6]&(1<<(s[i]&63)) == 0 {
			return false
		}
	}
	return true
}

// regionBits numbers the regions a view has seen, so that an entry's
// regions are a bit mask and a region filter, or a count by region, reads
// a slice of masks instead of every entry's list of strings. The 64th
// and later regions get no bit of their own: they share overflow, which
// sends the check back to the entry.
type regionBits struct {
	bit   map[string]uint64
	names []string // names[i] has bit 1<<i
}

const overflow = 1 << 63

func (rb *regionBits) mask(regions []string) uint64 {
	var m uint64
	for _, r := range regions {
		b, ok := rb.bit[r]
		if !ok {
			if len(rb.names) < 63 {
				if rb.bit == nil {
					rb.bit = make(map[string]uint64)
				}
				b = 1 << len(rb.names)
				rb.names = append(rb.names, r)
			} else {
				b = overflow
			}
			rb.bit[r] = b
		}
		m |= b
	}
	return m
}

// regionTest reports whether entry i is in region: its own bit, or for a
// region without one, the entry's list.
type regionTest struct {
	region string
	bit    uint64
}

func (rb *regionBits) test(region string) regionTest {
	return regionTest{region: region, bit: rb.bit[region]}
}

func (t regionTest) in(masks []uint64, entries []*Entry, i int) bool {
	if t.bit != overflow && t.bit != 0 {
		return masks[i]&t.bit != 0
	}
	return masks[i]&overflow != 0 && slices.Contains(entries[i].Regions, t.region)
}

// passRec is pass for entries[i], reading only its rec and region mask
// when it can, into fl (the scan's, set in place).
func (f *filter) passRec(i int, mt *matcher, fl *fields) (score int, ok bool) {
	if f.q.Region != "" && !f.region.in(f.masks, f.entries, i) {
		return 0, false
	}
	if f.pat == nil {
		return 0, true
	}
	k := f.types[i]
	switch {
	case !fl.fromRec(f.recs[i]):
		*fl = entryFields(f.entries[i])
	case k != typeUnknown:
		fl.typ, fl.lowTyp = f.typeTab.shown[k], f.typeTab.low[k]
	default:
		fl.typ = f.entries[i].Type
		fl.lowTyp = lowerASCII(fl.typ)
	}
	fl.typeNum, fl.famNum = -1, -1
	if k != typeUnknown {
		fl.typeNum = int(k)
	}
	if k := f.fams[i]; k != famUnknown {
		fl.famNum = int(k)
	}
	fl.chars = f.chars[i]
	return mt.fieldsScore(fl, f.pat, nil)
}

// sortKey is a prefix of e's place in sort s that fits a word: entries
// with different keys compare as their keys do, and only equal keys need
// the entries themselves. Comparing two words in a slice instead of two
// entries' strings saves the cache misses of reaching them, which are
// most of the cost of inserting a page into an order of 100k.
func sortKey(e *Entry, s Sort) uint64 {
	switch s {
	case SortCreated, SortUpdated:
		t := e.Image.CreatedAt
		if s == SortUpdated {
			t = e.Image.UpdatedAt
		}
		// Newest first: the seconds, order-preserving as unsigned, inverted.
		return ^(uint64(t.Unix()) ^ 1<<63)
	}
	if e.Name == "" {
		return math.MaxUint64 // nameless last
	}
	// A prefix of the collation key, zero-padded, orders as the key does
	// wherever it differs.
	var b [8]byte
	copy(b[:], e.collKey)
	return binary.BigEndian.Uint64(b[:])
}

func (v *Results) cmpBase(s Sort) func(a, b item) int {
	by := compareFunc(s)
	keys := v.sortKeys(s)
	if keys == nil {
		return func(a, b item) int { return by(v.entries[a.seq], v.entries[b.seq]) }
	}
	names := v.names
	return func(a, b item) int {
		if ka, kb := keys[a.seq], keys[b.seq]; ka != kb {
			return cmp.Compare(ka, kb)
		}
		if s == SortName {
			// Equal keys: names alike in their first four letters (or a
			// nameless entry, which by places). The collation keys settle
			// most without the entry.
			if na, nb := names[a.seq], names[b.seq]; na != nb && na != "" && nb != "" {
				return strings.Compare(na, nb)
			}
		}
		return by(v.entries[a.seq], v.entries[b.seq])
	}
}

// cmpRanked is the ranked order: best score first, then sort s, reversed
// when rev.
func (v *Results) cmpRanked(s Sort, rev bool) func(a, b item) int {
	base := v.cmpBase(s)
	return func(a, b item) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if rev {
			return base(b, a)
		}
		return base(a, b)
	}
}

// sortKeys returns the keys of sort s, nil unless they cover every entry.
func (v *Results) sortKeys(s Sort) []uint64 {
	if s < 0 || s >= numSorts || len(v.keys[s]) != len(v.entries) || len(v.names) != len(v.entries) {
		return nil
	}
	return v.keys[s]
}

// baseOrder returns every entry in sort s, building it on first use.
func (v *Results) baseOrder(s Sort) *order {
	if s < 0 || s >= numSorts {
		s = SortName
	}
	if v.base[s] == nil {
		v.keys[s] = make([]uint64, len(v.entries))
		for i, e := range v.entries {
			v.keys[s][i] = sortKey(e, s)
		}
		items := seqItems(0, len(v.entries))
		slices.SortFunc(items, v.cmpBase(s))
		v.base[s] = newOrder(items)
	}
	return v.base[s]
}

// filter is the work of one query: what its scan reads, which the scan's
// goroutines share and never modify.
type filter struct {
	q       Query
	pat     *pattern
	entries []*Entry
	recs    []recRef
	types   []uint8
	typeTab *typeTable
	fams    []uint16
	famTab  *familyTable
	chars   []uint64
	masks   []uint64
	region  regionTest
	none    bool // the query filters nothing

	// The candidates: every entry of order (in sort order), or, when
	// within is set, only those of within (the previous matches) and the
	// entries of the types marked in widen (see narrowsToWidened).
	order  *order
	within *order
	widen  *[typeUnknown + 1]bool
	// first, when set, is the column of firstIndex that scores the
	// query's one character: read instead of matching.
	first []byte
	// next, when set, is the column of the NextIndex that scores the
	// query's term, for the entries it indexed.
	next *nextCol

	scores []int32  // scratch: len(entries)
	wanted []uint64 // scratch: a bit per entry
}

// matchSet is the entries that pass a query, kept up to date by admit as
// entries arrive.
type matchSet struct {
	q      Query
	pat    *pattern
	byBase *order   // matches in sort order
	ranked *order   // matches best first; byBase itself without text
	seen   int      // the entries it has taken in: a prefix of the feed's
	key    cacheKey // for the cache, with text
}

// prepare sets up the work for q, whose text parses to p. When q narrows
// the current query (same region and sort, and text that only ever keeps
// fewer entries, see narrows) only the current matches are candidates,
// with those of the types a longer term now finds (narrowsWidened).
func (v *Results) prepare(q Query, p *pattern) *filter {
	n := len(v.entries)
	v.scores = grow32(v.scores, n)
	v.wanted = grow64(v.wanted, (n+63)/64)
	f := &filter{q: q, entries: v.entries, recs: v.recs, types: v.types, typeTab: &v.typeTab, fams: v.fams, famTab: &v.famTab, chars: v.chars, masks: v.masks, pat: p,
		scores: v.scores, wanted: v.wanted}
	f.region = v.regions.test(q.Region)
	if !q.Active() {
		f.none = true
		v.baseOrder(q.Sort) // the rows: built now, in Update, not when first drawn
		return f
	}
	f.next = v.nextColumn(p)
	switch {
	case v.res != nil && narrows(v.res.q, v.res.pat, q, p):
		f.order, f.within = v.res.byBase, v.res.byBase
	case v.res != nil && v.narrowsWidened(v.res.q, v.res.pat, q, p):
		f.within = v.res.byBase
		if f.widen = v.widenedTypes(p); f.widen == nil {
			f.order = f.within // no type holds the longer term
		} else {
			f.order = v.baseOrder(q.Sort)
		}
	default:
		f.order = v.baseOrder(q.Sort)
		f.first = v.first.firstTerm(p)
	}
	return f
}

func grow32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/4)
	}
	return s[:n]
}

func grow64(s []uint64, n int) []uint64 {
	if cap(s) < n {
		return make([]uint64, n, n+n/4)
	}
	return s[:n]
}

// narrowsWidened reports whether every entry that passes (q, p) passes
// (old, oldPat) or has a type that a term of p holds (see
// pattern.narrowsToWidened). A term long enough for the ID must be one
// no ID can hold: one with a byte that no ID has (a UUID is hex).
func (v *Results) narrowsWidened(old Query, oldPat *pattern, q Query, p *pattern) bool {
	if old.Region != q.Region || old.Sort != q.Sort || !oldPat.narrowsToWidened(p) {
		return false
	}
	ok := true
	p.widenedBy(func(t *term) {
		if len(t.runes) >= MinIDTerm && v.idBytes.holdsAll(t.s) {
			ok = false
		}
	})
	return ok
}

// widenedTypes marks the types that a term of p long enough for the type
// matches (and the entries whose type has no number, to be safe), or
// returns nil when there are none.
func (v *Results) widenedTypes(p *pattern) *[typeUnknown + 1]bool {
	var widen [typeUnknown + 1]bool
	found := false
	p.widenedBy(func(t *term) {
		for k, typ := range v.typeTab.shown {
			f := fields{typ: typ, lowTyp: v.typeTab.low[k], typeNum: -1, famNum: -1, chars: ^uint64(0)}
			if v.mt.matchType(&f, t, nil) {
				widen[k], found = true, true
			}
		}
		widen[typeUnknown], found = true, found || v.typeTab.overflow
	})
	if !found {
		return nil
	}
	return &widen
}

// narrows reports whether every entry that passes (q, p) passes (old,
// oldPat), so that only old's matches need to be matched: the same region
// and sort, and text that keeps no entry old's drops (see
// pattern.narrowsTo: typing on at the end of a term narrows, and so does
// adding a term; deleting, a new | alternative, or a longer negation do
// not).
func narrows(old Query, oldPat *pattern, q Query, p *pattern) bool {
	return old.Region == q.Region && old.Sort == q.Sort && oldPat.narrowsTo(p)
}

// minPerWorker is the fewest candidates worth a goroutine of their own.
const minPerWorker = 4096

// noMatch marks an entry that did not pass, in Run's score table (real
// scores can be negative: gaps cost points).
const noMatch = math.MinInt32

// run does the matching and ranking, and returns nil when the query
// filters nothing.
//
// Entries are matched in arrival order, which is the order they were
// allocated in, so the scan walks memory forwards instead of jumping
// around the heap in sort order; the scores go into a table by Seq, and
// one pass over the candidates in sort order then collects the matches
// already sorted.
func (f *filter) run() *matchSet {
	if f.none {
		return nil
	}
	r := &matchSet{q: f.q, pat: f.pat, seen: len(f.entries)}
	scores := f.scores
	cands := f.order.Len()
	var wanted []uint64 // when narrowing, the previous matches as a bit set by Seq
	if f.within != nil && f.next == nil {
		wanted = f.wanted
		clear(wanted)
		f.within.From(0, func(it item) bool {
			wanted[it.seq>>6] |= 1 << (it.seq & 63)
			return true
		})
	}
	switch {
	case f.next != nil:
		f.scanNext(f.next, scores)
	case f.first != nil:
		f.scanFirst(f.first, scores)
	default:
		f.scanAll(scores, wanted, cands)
	}
	matches := make([]item, 0, cands/4)
	f.order.From(0, func(it item) bool {
		if sc := scores[it.seq]; sc != noMatch {
			matches = append(matches, item{seq: it.seq, score: sc})
		}
		return true
	})
	if !f.q.ranks(f.pat) {
		r.byBase = newOrder(matches)
		r.ranked = r.byBase
		return r
	}
	r.ranked = newOrder(rankByScore(matches, f.q.Reverse))
	r.byBase = newOrder(matches)
	return r
}

// scanAll scores every candidate into scores, sharing the entries among
// the CPUs. The workers (the caller one of them) take blocks of entries
// in turn rather than a share each, so that a CPU busy with something
// else (a build, the terminal) holds the scan up by a block at most, not
// by half of it.
func (f *filter) scanAll(scores []int32, wanted []uint64, cands int) {
	n := len(f.entries)
	workers := min(runtime.GOMAXPROCS(0), cands/minPerWorker)
	var next atomic.Int32
	work := func() {
		mt := f.matcher()
		for {
			lo := int(next.Add(scanBlock)) - scanBlock
			if lo >= n {
				return
			}
			f.scan(&mt, scores, wanted, lo, min(lo+scanBlock, n))
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// scanBlock is how many entries a worker of the scan takes at a time: a
// multiple of 64, so that no two share a word of the candidates' bit set.
const scanBlock = 2048

// matcher returns a matcher for one worker of the scan, with room to
// remember each type's and each family's result for each term.
func (f *filter) matcher() matcher {
	var mt matcher
	if f.pat != nil {
		mt.terms = f.pat.n
		mt.types = make([]uint8, len(f.typeTab.shown)*f.pat.n)
		mt.families = make([]familyScore, f.famTab.count*f.pat.n)
	}
	return mt
}

// scan scores the entries lo..hi-1 that are candidates (all of them when
// wanted is nil) into scores, noMatch for the others.
func (f *filter) scan(mt *matcher, scores []int32, wanted []uint64, lo, hi int) {
	var fl fields
	for i := lo; i < hi; i++ {
		scores[i] = noMatch
		if wanted != nil && wanted[i>>6]&(1<<(i&63)) == 0 && (f.widen == nil || !f.widen[f.types[i]]) {
			continue
		}
		if sc, ok := f.passRec(i, mt, &fl); ok {
			scores[i] = int32(sc)
		}
	}
}

// rankByScore returns matches (in sort order) ordered best score first,
// keeping sort order between equal scores (reversed when rev): a counting
// sort, since scores span a few thousand values at most.
func rankByScore(matches []item, rev bool) []item {
	if len(matches) == 0 {
		return nil
	}
	lo, hi := matches[0].score, matches[0].score
	for _, it := range matches {
		lo, hi = min(lo, it.score), max(hi, it.score)
	}
	out := make([]item, len(matches))
	if int64(hi)-int64(lo) > 1<<16 {
		copy(out, matches)
		if rev {
			slices.Reverse(out)
		}
		slices.SortStableFunc(out, func(a, b item) int { return cmp.Compare(b.score, a.score) })
		return out
	}
	next := make([]int, int(hi-lo)+2) // by hi-score, best first
	for _, it := range matches {
		next[hi-it.score+1]++
	}
	for k := 1; k < len(next); k++ {
		next[k] += next[k-1]
	}
	for i := range matches {
		if rev {
			i = len(matches) - 1 - i
		}
		k := hi - matches[i].score
		out[next[k]] = matches[i]
		next[k]++
	}
	return out
}

// view is the rows: an order read forwards, or backwards for a reversed
// sort that nothing ranks.
type view struct {
	o   *order
	rev bool
}

func (w view) Len() int { return w.o.Len() }

func (w view) at(i int) item {
	if w.rev {
		i = w.o.Len() - 1 - i
	}
	return w.o.At(i)
}

// each calls yield with every row in turn until it returns false.
func (w view) each(yield func(item) bool) {
	if w.o == nil {
		return
	}
	if !w.rev {
		w.o.From(0, yield)
		return
	}
	for c := len(w.o.chunks) - 1; c >= 0; c-- {
		ch := w.o.chunks[c]
		for j := len(ch) - 1; j >= 0; j-- {
			if !yield(ch[j]) {
				return
			}
		}
	}
}

func (v *Results) rowsView() view {
	switch {
	case !v.has:
		return view{}
	case v.res == nil:
		return view{v.baseOrder(v.q.Sort), v.q.Reverse}
	case v.res.ranked == v.res.byBase:
		return view{v.res.byBase, v.q.Reverse}
	}
	return view{v.res.ranked, false} // the reverse is in the ranking
}

// Len is the number of rows.
func (v *Results) Len() int { return v.rowsView().Len() }

// At returns row i, 0 <= i < Len(), with its highlight positions. The
// row stays valid, and unchanged, after the view changes.
func (v *Results) At(i int) *Row {
	it := v.rowsView().at(i)
	if r, ok := v.rows[it.seq]; ok {
		return r
	}
	e := v.entries[it.seq]
	r := &Row{E: e, Score: int(it.score)}
	if v.pat != nil {
		if m, ok := v.mt.entry(e, v.pat); ok {
			r.NameMatch, r.SlugMatch, r.FamilyMatch, r.TypeMatch = m.name, m.slug, m.family, m.typ
		}
	}
	if v.rows == nil || len(v.rows) >= 4096 {
		v.rows = make(map[int32]*Row)
	}
	v.rows[it.seq] = r
	return r
}

// IndexOf returns the row of e, or -1 when e is not shown. For an entry
// of the view it costs O(log n); for one it does not hold (the feed has
// reloaded since e was read), it looks for the same image ID, in O(n).
func (v *Results) IndexOf(e *Entry) int {
	w := v.rowsView()
	if e == nil || w.Len() == 0 {
		return -1
	}
	if e.Seq < 0 || e.Seq >= len(v.entries) || v.entries[e.Seq] != e {
		return v.IndexOfID(e.Image.ID)
	}
	it := item{seq: int32(e.Seq)}
	cmpf := v.cmpBase(v.q.Sort)
	if v.res != nil {
		sc, ok := v.q.pass(e, v.pat, &v.mt)
		if !ok {
			return -1
		}
		it.score = int32(sc)
		if v.res.ranked != v.res.byBase {
			cmpf = v.cmpRanked(v.q.Sort, v.q.Reverse)
		}
	}
	i, found := w.o.search(it, cmpf)
	if !found {
		return -1
	}
	if w.rev {
		i = w.Len() - 1 - i
	}
	return i
}

// IndexOfID returns the row of the image with this ID, or -1, in O(n).
func (v *Results) IndexOfID(id string) int {
	at, i := -1, 0
	v.rowsView().each(func(it item) bool {
		if v.entries[it.seq].Image.ID == id {
			at = i
			return false
		}
		i++
		return true
	})
	return at
}

// RegionCounts lists, sorted by code, every region seen in entries (which
// it first takes in, as Sync) and every api.KnownRegions code, with the
// number of entries that pass q.Text in that region. q.Region is ignored:
// the picker shows what each choice would give. Known codes nobody uses
// count 0; unknown codes that appear are included, since the API has no
// regions endpoint. all is the number that pass q.Text in any region
// (the picker's "All regions" line). When the rows already are q.Text's
// matches in every region, only they are read.
func (v *Results) RegionCounts(entries []*Entry, q Query) (all int, counts []RegionCount) {
	v.Sync(entries)
	var byBit [64]int
	extra := make(map[string]int) // regions without a bit of their own
	count := func(i int) {
		all++
		m := v.masks[i]
		for m != 0 {
			b := bits.TrailingZeros64(m)
			m &= m - 1
			if b < 63 {
				byBit[b]++
			}
		}
		if v.masks[i]&overflow != 0 {
			for _, r := range v.entries[i].Regions { // deduplicated by NewEntry
				if v.regions.bit[r] == overflow {
					extra[r]++
				}
			}
		}
	}
	if v.has && v.res != nil && v.q.Region == "" && v.q.Text == q.Text {
		v.res.byBase.From(0, func(it item) bool {
			count(int(it.seq))
			return true
		})
	} else if r := v.prepare(Query{Text: q.Text, Sort: v.q.Sort}, parsePattern(q.Text)).run(); r != nil {
		// The text's matches in every region, found as a keystroke finds
		// them (the scan, without scores' positions).
		r.byBase.From(0, func(it item) bool {
			count(int(it.seq))
			return true
		})
	} else {
		for i := range v.entries {
			count(i)
		}
	}
	n := make(map[string]int, len(api.KnownRegions)+len(v.regions.bit))
	for _, r := range api.KnownRegions {
		n[r] = 0
	}
	for r, b := range v.regions.bit {
		if b == overflow {
			n[r] = extra[r]
		} else {
			n[r] = byBit[bits.TrailingZeros64(b)]
		}
	}
	counts = make([]RegionCount, 0, len(n))
	for r, c := range n {
		counts = append(counts, RegionCount{Region: r, Count: c})
	}
	slices.SortFunc(counts, func(a, b RegionCount) int { return strings.Compare(a.Region, b.Region) })
	return all, counts
}
