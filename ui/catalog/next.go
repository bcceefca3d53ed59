package catalog

import (
	"context"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
)

// NextIndex answers the keystroke after a query of one short fuzzy term:
// the term followed by one more letter or digit ("u" → "ub", "ub" →
// "ubu", "roc" → "rock"). Those keystrokes rescan the matches of the one
// before (half the catalog after the first, 20–40k entries after the
// second at 100k), and each is typed while the program is otherwise
// idle: between one keystroke and the next there is a tenth of a second
// or more in which nothing else runs.
//
// So once a query of one such term is on screen, the UI asks for its
// index (Results.NextWork) and builds it off its event loop: each entry's
// score for the term followed by each of the 36 characters, worked out
// in one pass over its fields, since the alignment of the term is the
// same whatever follows it (see nextScratch.field). The next keystroke
// then reads a column instead of matching; an entry the index could not
// score (not ASCII, a field too long for the table, a type past the
// 255th) is matched as before, and so is every entry that arrived after
// the index was built.
//
// The term is at most maxNextPrefix characters, all of them ones that
// names and slugs hold and the query syntax gives no meaning (letters,
// digits, "-._/:()"), so that the term with one more is still short of
// the ID (MinIDTerm). From three characters on, the term is also looked
// for in the type (minTypeTerm), and the index records that too.
//
// The index holds only the entries that the term with some character
// more can match (or that it leaves to the matcher): 76 bytes each, one
// 16-bit score per next character and the entry's Seq, while it is kept.
// That is about half the catalog for a term of one character, and a
// fifth or less for longer ones. TestNextIndexMatchesMatcher and
// FuzzNextIndex hold its scores to the matcher's.
type NextIndex struct {
	prefix string  // the term the index extends
	n      int     // entries indexed: Seq 0..n-1
	last   *Entry  // entries[n-1]: the feed the index is of
	seqs   []int32 // the entries it holds, ascending; every other one of 0..n-1 matches no column
	cols   [len(firstChars)][]int16
}

// nextCol is the column of a NextIndex for one next character.
type nextCol struct {
	x *NextIndex
	k int
}

// maxNextPrefix is the longest term a NextIndex extends: one more
// character is still shorter than MinIDTerm, so no ID can match.
const maxNextPrefix = MinIDTerm - 2

const (
	nextNone    = math.MinInt16     // no match
	nextUnknown = math.MinInt16 + 1 // not indexed: match the entry
)

// NextWork returns the work of building the next-character index for
// the current query, to be run on any goroutine while the caller goes on
// using v, or nil when the query is not a term the index extends or its
// index is already there. The work reads only what the entries held when
// NextWork was called, none of which changes afterwards (Sync appends);
// it returns nil if ctx is done before it is.
func (v *Results) NextWork() func(ctx context.Context) *NextIndex {
	prefix, ok := nextPrefix(v.pat)
	if !ok || len(v.entries) == 0 {
		return nil
	}
	n := len(v.entries)
	if x := v.next; x != nil && x.prefix == prefix && x.n == n {
		return nil
	}
	b := &nextBuild{
		prefix: prefix, run: bonusRun(&term{runes: make([]rune, len(prefix)+1)}),
		recs: v.recs[:n:n], chars: v.chars[:n:n], types: v.types[:n:n], fams: v.fams[:n:n],
		last: v.entries[n-1], typeHits: v.typeHits(prefix),
		typeUnknown: len(prefix)+1 >= minTypeTerm, families: v.famTab.count,
	}
	for i := 0; i < len(prefix); i++ {
		b.need |= charBit[prefix[i]]
	}
	return b.build
}

// SetNext keeps x for the queries it answers, unless the entries it was
// built from are no longer the start of v's, or the query has moved on
// from x's term while it was built.
func (v *Results) SetNext(x *NextIndex) {
	if x == nil || x.n > len(v.entries) || v.entries[x.n-1] != x.last {
		return
	}
	v.next = x
	v.keepNext(v.pat)
}

// keepNext drops the index unless p is its term or one it answers: once
// the query has moved on, the index is memory spent on nothing (and
// typing back to it finds the queries cached).
func (v *Results) keepNext(p *pattern) {
	if v.next == nil {
		return
	}
	if t, ok := nextPrefix(p); (!ok || t != v.next.prefix) && v.nextColumn(p) == nil {
		v.next = nil
	}
}

// NextOf reports the term whose next-character index v keeps, if any.
func (v *Results) NextOf() (prefix string, ok bool) {
	if v.next == nil {
		return "", false
	}
	return v.next.prefix, true
}

// nextPrefix is p's term when p is one unbroken, positive, fuzzy,
// lower-case term that a NextIndex extends (see NextIndex).
func nextPrefix(p *pattern) (string, bool) {
	t := soleTerm(p)
	if t == nil || len(t.runes) > maxNextPrefix || !t.ascii {
		return "", false
	}
	for i := 0; i < len(t.pat); i++ {
		if c := t.pat[i]; c == ' ' || charBit[c] == 0 {
			return "", false
		}
	}
	return t.pat, true
}

// oneChar is the character of p when p is one unbroken, positive, fuzzy,
// lower-case term of one character the indexes cover (a letter or digit).
func oneChar(p *pattern) (byte, bool) {
	t := soleTerm(p)
	if t == nil || len(t.runes) != 1 || firstCharIndex(t.runes[0]) < 0 {
		return 0, false
	}
	return byte(t.runes[0]), true
}

// soleTerm is p's term when p has one, positive, fuzzy and lower-case.
func soleTerm(p *pattern) *term {
	if p == nil || len(p.groups) != 1 || len(p.groups[0]) != 1 {
		return nil
	}
	t := &p.groups[0][0]
	if t.kind != termFuzzy || t.inv || t.cased {
		return nil
	}
	return t
}

// nextColumn is the column of the index for p, when p is the index's
// term followed by a letter or digit; else nil.
func (v *Results) nextColumn(p *pattern) *nextCol {
	x := v.next
	t := soleTerm(p)
	if x == nil || t == nil || !t.ascii || len(t.pat) != len(x.prefix)+1 || !strings.HasPrefix(t.pat, x.prefix) {
		return nil
	}
	if k := firstCharIndex(rune(t.pat[len(x.prefix)])); k >= 0 {
		return &nextCol{x: x, k: k}
	}
	return nil
}

// typeHits is, for each type v has numbered, the characters c (as bits
// of firstChars) for which the type holds prefix+c as matchType finds
// it: a term of at least minTypeTerm characters that no other field
// holds matches an image of such a type, with no score.
func (v *Results) typeHits(prefix string) []uint64 {
	hits := make([]uint64, len(v.typeTab.shown))
	if len(prefix)+1 < minTypeTerm {
		return hits
	}
	for k := range firstChars {
		t := soleTerm(parsePattern(prefix + firstChars[k:k+1]))
		for n, typ := range v.typeTab.shown {
			f := fields{typ: typ, lowTyp: v.typeTab.low[n], typeNum: -1, famNum: -1}
			if t != nil && v.mt.matchType(&f, t, nil) {
				hits[n] |= 1 << k
			}
		}
	}
	return hits
}

// nextBuild is what building one NextIndex reads: a snapshot of the
// entries' columns taken by NextWork.
type nextBuild struct {
	prefix      string
	need        uint64 // charBits of prefix
	run         int    // bonusRun of a term one longer than prefix
	recs        []recRef
	chars       []uint64
	types       []uint8
	fams        []uint16
	last        *Entry
	typeHits    []uint64 // by type number, see typeHits
	typeUnknown bool     // a type without a number may hold the term: match such entries
	families    int      // how many families are numbered
}

// nextBlock is how many entries build scores before it writes them.
const nextBlock = 256

// build is the index, or nil if ctx is done first.
func (b *nextBuild) build(ctx context.Context) *NextIndex {
	n := len(b.recs)
	x := &NextIndex{prefix: b.prefix, n: n, last: b.last}
	var fl fields
	var ns nextScratch
	ns.reset(b.run)
	// A family is shared by many entries (every snapshot of an Ubuntu
	// box), so its scores are worked out once.
	fams := make([]famNext, b.families)
	tooLong := maxCells / (len(b.prefix) + 1)
	// The scores are worked out an entry at a time and kept a block of
	// entries at a time, each block's 36 columns apart, so that the
	// writes go to each column in turn rather than to all 36 for every
	// entry; the columns are put together at the end, once their length
	// is known.
	var blocks []*[len(firstChars)][nextBlock]int16
	var block *[len(firstChars)][nextBlock]int16
	for lo := 0; lo < n; lo += nextBlock {
		if ctx.Err() != nil {
			return nil
		}
		// On one CPU the build and the event loop share it: let a
		// keystroke that came in meanwhile be handled (and stop the
		// build) now, not when the scheduler gets round to preempting
		// the build, 6–22 ms later (BenchmarkNextIndexOneCPU). A block
		// is about 0.05 ms of work.
		runtime.Gosched()
		hi := min(lo+nextBlock, n)
		for i := lo; i < hi; i++ {
			var hit uint64 // the characters the fields match
			unknown := false
			switch {
			case b.chars[i]&b.need != b.need:
			case !fl.fromRec(b.recs[i]) || max(len(fl.name), len(fl.slug), len(fl.family)) > tooLong:
				unknown = true
			default:
				hit = ns.entry(&fl, b, fams, b.fams[i])
			}
			// The characters whose term the entry's type holds, when the
			// type has a number, and those left to the matcher because
			// it has none.
			var typeHit, typeAsk uint64
			if typ := b.types[i]; int(typ) < len(b.typeHits) {
				typeHit = b.typeHits[typ]
			} else if b.typeUnknown {
				typeAsk = ^uint64(0)
			}
			if hit == 0 && typeHit == 0 && typeAsk == 0 && !unknown {
				continue // no column matches it
			}
			m := len(x.seqs) % nextBlock
			if m == 0 {
				block = new([len(firstChars)][nextBlock]int16)
				blocks = append(blocks, block)
			}
			x.seqs = append(x.seqs, int32(i))
			for k := range block {
				switch bit := uint64(1) << k; {
				case unknown:
					block[k][m] = nextUnknown
				case hit&bit != 0:
					block[k][m] = int16(ns.best[k].score)
				case typeHit&bit != 0:
					block[k][m] = 0 // the type holds it: a match that scores nothing
				case typeAsk&bit != 0:
					block[k][m] = nextUnknown
				default:
					block[k][m] = nextNone
				}
			}
		}
	}
	kept := len(x.seqs)
	x.seqs = slices.Clone(x.seqs) // without append's slack: the index is kept
	all := make([]int16, len(x.cols)*kept)
	for k := range x.cols {
		col := all[k*kept : (k+1)*kept : (k+1)*kept]
		for c, bl := range blocks {
			copy(col[c*nextBlock:], bl[k][:min(nextBlock, kept-c*nextBlock)])
		}
		x.cols[k] = col
	}
	return x
}

// famNext is a family's scores for the term and each next character,
// halved as termScore halves them, once worked out: hit says which
// characters match, run which of those as a contiguous run.
type famNext struct {
	known    bool
	hit, run uint64
	score    [len(firstChars)]int16
}

// nextScratch is the work space of one entry's scores.
type nextScratch struct {
	best       [len(firstChars)]bestOf // the entry's score for the term and each character, where hit
	run, fuzzy [len(firstChars)]int    // one field's, negInf where none
	seen       uint64                  // the characters that one field scored
	hit        uint64                  // the characters best holds a score for

	bonus        []int    // the field's bonus at each byte from start
	score, first [2][]int // two rows of align's table: the previous one and the current one
}

// reset readies ns for its first entry, of a term whose bonusRun is run.
func (ns *nextScratch) reset(run int) {
	for k := range ns.run {
		ns.run[k], ns.fuzzy[k] = negInf, negInf
		ns.best[k] = bestOf{run: run}
	}
	ns.hit = 0
}

// entry sets best to termScore of the term followed by each character,
// for an ASCII entry, and returns the characters that match: the best of
// the name, the slug and half the family (fam: its number, whose scores
// fams remembers), as termScore weighs them (bestOf).
func (ns *nextScratch) entry(f *fields, b *nextBuild, fams []famNext, fam uint16) uint64 {
	for m := ns.hit; m != 0; m &= m - 1 { // the last entry's
		ns.best[bits.TrailingZeros64(m)] = bestOf{run: b.run}
	}
	ns.hit = 0
	for i, s := range [3]string{f.name, f.slug, f.family} {
		low := [3]string{f.lowName, f.lowSlug, f.lowFamil}[i]
		var c *famNext
		if i == 2 && int(fam) < len(fams) {
			c = &fams[fam]
		}
		if c == nil || !c.known {
			ns.field(s, low, b.prefix)
			if c != nil {
				c.known = true
			}
			for m := ns.seen; m != 0; m &= m - 1 {
				k := bits.TrailingZeros64(m)
				sc, run := ns.run[k], true
				if sc == negInf {
					sc, run = ns.fuzzy[k], false
				}
				if i == 2 {
					sc /= 2
				}
				ns.best[k].consider(sc, run, true)
				ns.hit |= 1 << k
				if c != nil {
					c.hit |= 1 << k
					c.score[k] = int16(sc)
					if run {
						c.run |= 1 << k
					}
				}
				ns.run[k], ns.fuzzy[k] = negInf, negInf
			}
			continue
		}
		for m := c.hit; m != 0; m &= m - 1 {
			k := bits.TrailingZeros64(m)
			ns.best[k].consider(int(c.score[k]), c.run&(1<<k) != 0, true)
		}
		ns.hit |= c.hit
	}
	return ns.hit
}

// field sets run and fuzzy to what termField gives for ASCII field s
// (lower-cased: low) and prefix followed by each character, and seen to
// the characters it set: the best contiguous run (bestRun), or else the
// best alignment (align). The rows of align's table for prefix are the
// same whatever character follows it, so they are worked out once; then
// at each position the one character that can end an alignment there is
// the byte there, and the last row is worked out for all of them in one
// pass. run and fuzzy must be negInf where seen does not list a
// character.
func (ns *nextScratch) field(s, low, prefix string) {
	ns.seen = 0
	start := strings.IndexByte(low, prefix[0])
	if start < 0 {
		return
	}
	k := len(prefix)
	// The contiguous runs of prefix and one more character.
	for at := start; ; {
		i := strings.Index(low[at:], prefix)
		if i < 0 {
			break
		}
		i += at
		at = i + 1
		if e := i + k; e < len(low) {
			if c := firstCharIndex(rune(low[e])); c >= 0 {
				ns.seen |= 1 << c
				ns.run[c] = max(ns.run[c], scoreRunASCII(s, i, e+1))
			}
		}
	}
	// The rows of align's table for prefix, over s[start:].
	n := len(s) - start
	ns.bonus = grow(ns.bonus, n)
	prev := classWhite
	if start > 0 {
		prev = asciiClass[s[start-1]]
	}
	for j := range n {
		class := asciiClass[s[start+j]]
		ns.bonus[j] = bonusFor(prev, class)
		prev = class
	}
	for r := range 2 {
		ns.score[r] = grow(ns.score[r], n)
		ns.first[r] = grow(ns.first[r], n)
	}
	sc, first := ns.score[0], ns.first[0]
	found := false
	for j := range n {
		sc[j] = negInf
		if low[start+j] == prefix[0] {
			sc[j], first[j], found = scoreMatch+ns.bonus[j]*bonusFirstCharMultiple, ns.bonus[j], true
		}
	}
	for i := 1; i < k && found; i++ {
		last, lastFirst := ns.score[(i-1)&1], ns.first[(i-1)&1]
		sc, first = ns.score[i&1], ns.first[i&1]
		found = false
		gap := negInf
		for j := range n {
			gap = gapAt(gap, last, j)
			sc[j] = negInf
			if low[start+j] == prefix[i] {
				sc[j], first[j] = extend(gap, last, lastFirst, j, ns.bonus[j])
				found = found || sc[j] != negInf
			}
		}
	}
	if !found {
		return
	}
	// The last row, for every next character at once.
	gap := negInf
	for j := range n {
		gap = gapAt(gap, sc, j)
		c := firstCharIndex(rune(low[start+j]))
		if c < 0 {
			continue
		}
		if v, _ := extend(gap, sc, first, j, ns.bonus[j]); v != negInf {
			ns.seen |= 1 << c
			ns.fuzzy[c] = max(ns.fuzzy[c], v)
		}
	}
}

// gapAt moves gap, the best score of a path through the row last that
// leaves a gap before the current column, on to column j, as align does.
func gapAt(gap int, last []int, j int) int {
	if gap != negInf {
		gap += scoreGapExtension
	}
	if j >= 2 && last[j-2] != negInf && last[j-2]+scoreGapStart > gap {
		gap = last[j-2] + scoreGapStart
	}
	return gap
}

// extend is align's cell at column j of the row after last (whose
// chunks' first bonuses are lastFirst), for a character that matches
// there with bonus b and gap as gapAt gives: its best score, negInf when
// none, and the bonus of the first character of its consecutive chunk.
// A run and a gap that score the same take the run, as align does.
func extend(gap int, last, lastFirst []int, j, b int) (score, first int) {
	score = negInf
	if gap != negInf {
		score, first = gap+scoreMatch+b, b
	}
	if j >= 1 && last[j-1] != negInf {
		// Extend a consecutive run: a boundary inside it starts a new
		// chunk.
		fb, cb := lastFirst[j-1], b
		if cb >= bonusBoundary && cb > fb {
			fb = cb
		} else {
			cb = max(cb, fb, bonusConsecutive)
		}
		if v := last[j-1] + scoreMatch + cb; v >= score {
			score, first = v, fb
		}
	}
	return score, first
}

// scanNext scores every entry into scores as scan does, from c, the
// next-character index's column for the query, where it has the entry:
// an entry before the index's end that it does not hold matches nothing.
func (f *filter) scanNext(c *nextCol, scores []int32) {
	for i := range scores {
		scores[i] = noMatch
	}
	mt := f.matcher()
	var fl fields
	col := c.x.cols[c.k]
	for j, seq := range c.x.seqs {
		sc, i := col[j], int(seq)
		if sc == nextNone || f.q.Region != "" && !f.region.in(f.masks, f.entries, i) {
			continue
		}
		if sc != nextUnknown {
			scores[i] = int32(sc)
		} else if s, ok := f.passRec(i, &mt, &fl); ok {
			scores[i] = int32(s)
		}
	}
	for i := c.x.n; i < len(f.entries); i++ { // arrived after the build
		if s, ok := f.passRec(i, &mt, &fl); ok {
			scores[i] = int32(s)
		}
	}
}
