package catalog

import (
	"context"
	"math"
	"strings"
)

// PairIndex answers the keystroke after a query of one letter or digit:
// a query of two ("ub", "de", "ro"). After the first keystroke that one
// is the costliest, since every match of the first (about half the
// catalog) must be scored again, and it is typed while the program is
// otherwise idle: between the first keystroke and the second there is a
// tenth of a second or more in which nothing else runs.
//
// So once a one-character query c0 is on screen, the UI asks for the
// index of c0 (Results.PairWork) and builds it off its event loop: each
// entry's score for c0 followed by each of the 36 characters, worked out
// in one pass over its fields, since the alignment of c0 is the same
// whatever follows it (see pairScores.field). The second keystroke then reads
// a column instead of matching; an entry the index could not score (not
// ASCII, or a field too long for pair) is matched as before, and so is
// every entry that arrived after the index was built.
//
// The index costs 72 bytes an entry while it is kept: one column of 16-bit
// scores per second character. TestPairIndexMatchesMatcher and
// FuzzPairIndex hold its scores to the matcher's.
type PairIndex struct {
	c0   byte
	n    int    // entries indexed: Seq 0..n-1
	last *Entry // entries[n-1]: the feed the index is of
	cols [len(firstChars)][]int16
}

const (
	pairNone    = math.MinInt16     // no match
	pairUnknown = math.MinInt16 + 1 // not indexed: match the entry
)

// PairWork returns the work of building the pair index for the current
// query, to be run on any goroutine while the caller goes on using v, or
// nil when the query is not one letter or digit or its index is already
// there. The work reads only what the entries held when PairWork was
// called, none of which changes afterwards (Sync appends); it returns nil
// if ctx is done before it is.
func (v *Results) PairWork() func(ctx context.Context) *PairIndex {
	c0, ok := oneChar(v.pat)
	if !ok || len(v.entries) == 0 {
		return nil
	}
	n := len(v.entries)
	if x := v.pairs; x != nil && x.c0 == c0 && x.n == n {
		return nil
	}
	recs, chars, last := v.recs[:n:n], v.chars[:n:n], v.entries[n-1]
	return func(ctx context.Context) *PairIndex { return buildPairs(ctx, c0, recs, chars, last) }
}

// SetPairs keeps x for the queries of two characters it answers, unless
// the entries it was built from are no longer the start of v's, or the
// query has moved on from x's character while it was built.
func (v *Results) SetPairs(x *PairIndex) {
	if x == nil || x.n > len(v.entries) || v.entries[x.n-1] != x.last {
		return
	}
	v.pairs = x
	v.keepPairs(v.pat)
}

// keepPairs drops the pair index unless p is its character or a term of
// two it answers: once the query has moved on, the index is 72 bytes an
// entry of nothing (and typing back to it finds the queries cached).
func (v *Results) keepPairs(p *pattern) {
	if v.pairs == nil {
		return
	}
	if c, ok := oneChar(p); (!ok || c != v.pairs.c0) && v.pairColumn(p) == nil {
		v.pairs = nil
	}
}

// PairsOf reports the character whose pair index v keeps, if any.
func (v *Results) PairsOf() (c0 byte, ok bool) {
	if v.pairs == nil {
		return 0, false
	}
	return v.pairs.c0, true
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

// pairColumn is the column of the index for p, when p is a term of two
// characters the index answers; else nil.
func (v *Results) pairColumn(p *pattern) []int16 {
	x := v.pairs
	t := soleTerm(p)
	if x == nil || t == nil || len(t.runes) != 2 || t.runes[0] != rune(x.c0) {
		return nil
	}
	if k := firstCharIndex(t.runes[1]); k >= 0 {
		return x.cols[k][:x.n]
	}
	return nil
}

// buildPairs is the pair index of c0 over the entries whose recs and
// charBits these are, or nil if ctx is done first.
func buildPairs(ctx context.Context, c0 byte, recs []recRef, chars []uint64, last *Entry) *PairIndex {
	n := len(recs)
	x := &PairIndex{c0: c0, n: n, last: last}
	for k := range x.cols {
		x.cols[k] = make([]int16, n)
	}
	need := charBit[c0]
	var fl fields
	var ps pairScores
	ps.reset()
	// The scores are worked out an entry at a time and written a block of
	// entries at a time, so that the writes go to each column in turn
	// rather than to all 36 for every entry.
	var block [len(firstChars)][pairBlock]int16
	for lo := 0; lo < n; lo += pairBlock {
		if ctx.Err() != nil {
			return nil
		}
		hi := min(lo+pairBlock, n)
		for i := lo; i < hi; i++ {
			switch {
			case chars[i]&need == 0:
				ps.fill(pairNone)
			case !fl.fromRec(recs[i]) || max(len(fl.name), len(fl.slug), len(fl.family)) > maxCells/2:
				ps.fill(pairUnknown)
			default:
				ps.entry(&fl, c0)
			}
			for k := range block {
				block[k][i-lo] = ps.best[k]
			}
		}
		for k := range block {
			copy(x.cols[k][lo:hi], block[k][:hi-lo])
		}
	}
	return x
}

// pairBlock is how many entries buildPairs scores before it writes them.
const pairBlock = 256

// pairScores is the work space of one entry's scores.
type pairScores struct {
	best       [len(firstChars)]int16 // the entry's score for c0 and each character
	ok         [len(firstChars)]bool  // best holds a match
	run, fuzzy [len(firstChars)]int   // one field's, negInf where none
	seen       []uint8                // the characters that one field scored
}

// reset readies ps for its first field.
func (ps *pairScores) reset() {
	for k := range ps.run {
		ps.run[k], ps.fuzzy[k] = negInf, negInf
	}
}

// fill sets every score of the entry to sc.
func (ps *pairScores) fill(sc int16) {
	for k := range ps.best {
		ps.best[k] = sc
	}
}

// entry sets best to termScore of c0 followed by each character, for an
// ASCII entry: the best of the name, the slug and half the family, a
// contiguous run scoring bonusRun more (see bestOf).
func (ps *pairScores) entry(f *fields, c0 byte) {
	ps.ok = [len(firstChars)]bool{}
	for i, s := range [3]string{f.name, f.slug, f.family} {
		low := [3]string{f.lowName, f.lowSlug, f.lowFamil}[i]
		start := strings.IndexByte(low, c0)
		if start < 0 {
			continue
		}
		ps.field(s, low, c0, start)
		for _, k := range ps.seen {
			b := bestOf{score: int(ps.best[k]), ok: ps.ok[k], run: twoRuneRun}
			sc, run := ps.run[k], true
			if sc == negInf {
				sc, run = ps.fuzzy[k], false
			}
			if i == 2 {
				sc /= 2
			}
			b.consider(sc, run, true)
			ps.best[k], ps.ok[k] = int16(b.score), true
			ps.run[k], ps.fuzzy[k] = negInf, negInf
		}
	}
	for k, ok := range ps.ok {
		if !ok {
			ps.best[k] = pairNone
		}
	}
}

// twoRuneRun is bonusRun for a term of two characters.
var twoRuneRun = bonusRun(&term{runes: make([]rune, 2)})

// field sets run and fuzzy to what termField gives, for ASCII field s
// (lower-cased: low) whose first c0 is at start, and a term of c0
// followed by each character: the best contiguous run of the two
// (bestRun), and the best alignment (pair); seen lists the characters set.
// It is pair's pass, once for every second character: the state pair
// keeps for the first row depends only on c0, and at each position the
// one second character that can end an alignment there is the byte there.
// run and fuzzy must be negInf where seen does not list a character.
func (ps *pairScores) field(s, low string, c0 byte, start int) {
	ps.seen = ps.seen[:0]
	last1, last2 := negInf, negInf // the first row at j-1 and j-2
	bonusLast := 0                 // the bonus at j-1
	gap := negInf
	prev, prevClass := classWhite, classWhite // the classes of s[j-1] and s[j-2]
	if start > 0 {
		prev = asciiClass[s[start-1]]
	}
	if start > 1 {
		prevClass = asciiClass[s[start-2]]
	}
	for j := start; j < len(s); j++ {
		class := asciiClass[s[j]]
		b := bonusFor(prev, class)
		if gap != negInf {
			gap += scoreGapExtension
		}
		if last2 != negInf && last2+scoreGapStart > gap {
			gap = last2 + scoreGapStart
		}
		if k := firstCharIndex(rune(low[j])); k >= 0 && (gap != negInf || last1 != negInf) {
			v := negInf
			if gap != negInf {
				v = gap + scoreMatch + b
			}
			if last1 != negInf {
				cb := b
				if cb < bonusBoundary || cb <= bonusLast {
					cb = max(cb, bonusLast, bonusConsecutive)
				}
				v = max(v, last1+scoreMatch+cb)
				// A run of c0 and this character: scoreRunASCII.
				first := bonusFor(classWhite, prev)
				if j >= 2 {
					first = bonusFor(prevClass, prev)
				}
				r := scoreMatch + first*bonusFirstCharMultiple + scoreMatch + max(b, first, bonusConsecutive)
				if ps.run[k] == negInf && ps.fuzzy[k] == negInf {
					ps.seen = append(ps.seen, uint8(k))
				}
				ps.run[k] = max(ps.run[k], r)
			} else if ps.fuzzy[k] == negInf && ps.run[k] == negInf {
				ps.seen = append(ps.seen, uint8(k))
			}
			ps.fuzzy[k] = max(ps.fuzzy[k], v)
		}
		cur := negInf
		if low[j] == c0 {
			cur = scoreMatch + b*bonusFirstCharMultiple
		}
		last2, last1, bonusLast = last1, cur, b
		prevClass, prev = prev, class
	}
}

// scanPairs scores every entry into scores as scan does, from col, the
// pair index's column for the query, where it has the entry.
func (f *filter) scanPairs(col []int16, scores []int32) {
	mt := f.matcher()
	var fl fields
	for i := range len(f.entries) {
		scores[i] = noMatch
		if f.q.Region != "" && !f.region.in(f.masks, f.entries, i) {
			continue
		}
		sc := int16(pairUnknown)
		if i < len(col) {
			sc = col[i]
		}
		switch sc {
		case pairNone:
		case pairUnknown:
			if s, ok := f.passRec(i, &mt, &fl); ok {
				scores[i] = int32(s)
			}
		default:
			scores[i] = int32(sc)
		}
	}
}
