package catalog

import (
	"slices"
)

// firstIndex answers a query of one letter or digit without matching.
// That query is the first keystroke of nearly every search, and the
// costliest: it matches about half of any catalog, so every entry must be
// scored (at 100k images, 6 ms of two CPUs' time, about twice that in a
// program that was idle a moment before), while each later keystroke only
// rescans the matches of the one before it.
//
// A term of one character scores, against an entry, by its best-placed
// occurrence in the name, slug or family (see termScore): the bonus of
// the character before it decides, and the family counts half. So as each
// entry arrives its score for each of the 36 characters is worked out
// once, in one pass over those fields, and kept in 4 bits: a code for one
// of the few scores there can be (firstScore). A scan of 100k entries is
// then a pass over 50 KB.
//
// The index costs 18 bytes an entry. Only an unbroken, positive, fuzzy,
// lower-case term of one ASCII letter or digit uses it (see firstTerm);
// FuzzFirstIndex and TestFirstIndexMatchesMatcher hold its scores to the
// matcher's.
type firstIndex struct {
	cols [len(firstChars)][]byte // by character: the code of entry i in byte i/2, low nibble first
	n    int                     // entries indexed
}

// firstChars are the characters the index covers.
const firstChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// firstCharIndex is c's column, or -1.
func firstCharIndex(c rune) int {
	switch {
	case 'a' <= c && c <= 'z':
		return int(c - 'a')
	case '0' <= c && c <= '9':
		return 26 + int(c-'0')
	}
	return -1
}

// firstScore is the score of each code (code 0: no match), and
// firstCode[ns][fam] the code of a term of one character whose best
// occurrence in the name or slug has bonus ns-1 and in the family bonus
// fam-1 (0: none there): every score such a term can get, from every bonus
// bonusFor gives.
var firstScore, firstCode = func() (scores []int32, codes [][]uint8) {
	bonuses := []int{-1} // -1: the character is not in the field
	for prev := classWhite; prev <= classNumber; prev++ {
		for class := classWhite; class <= classNumber; class++ {
			if b := bonusFor(prev, class); !slices.Contains(bonuses, b) {
				bonuses = append(bonuses, b)
			}
		}
	}
	top := slices.Max(bonuses)
	scores = []int32{0}
	codes = make([][]uint8, top+2)
	for i := range codes {
		codes[i] = make([]uint8, top+2)
	}
	for _, ns := range bonuses {
		for _, fam := range bonuses {
			sc, ok := firstCombine(ns, fam)
			if !ok {
				continue
			}
			c := slices.Index(scores, sc)
			if c < 0 {
				c = len(scores)
				scores = append(scores, sc)
			}
			codes[ns+1][fam+1] = uint8(c)
		}
	}
	if len(scores) > 16 {
		panic("catalog: a one-character term has more scores than 4 bits hold")
	}
	return scores, codes
}()

// oneRuneRun is bonusRun for a term of one character.
var oneRuneRun = bonusRun(&term{runes: make([]rune, 1)})

// firstCombine is termScore for a term of one character whose best
// occurrence in the name or slug has bonus ns and in the family bonus fam
// (-1: none): every occurrence is a run, and the family counts half.
func firstCombine(ns, fam int) (int32, bool) {
	b := bestOf{run: oneRuneRun}
	if ns >= 0 {
		b.consider(scoreMatch+ns*bonusFirstCharMultiple, true, true)
	}
	if fam >= 0 {
		b.consider((scoreMatch+fam*bonusFirstCharMultiple)/2, true, true)
	}
	return int32(b.score), b.ok
}

// add indexes e, the next entry.
func (x *firstIndex) add(e *Entry) {
	var ns, fam [len(firstChars)]uint8
	bestBonuses(&ns, e.Name)
	bestBonuses(&ns, e.Slug)
	bestBonuses(&fam, e.Family)
	half := x.n % 2
	for k := range x.cols {
		code := firstCode[ns[k]][fam[k]]
		if half == 0 {
			x.cols[k] = append(x.cols[k], code)
		} else {
			x.cols[k][x.n/2] |= code << 4
		}
	}
	x.n++
}

// bestBonuses records in b, for each indexed character in s (folded as
// the matcher folds it), one more than the best bonus of its occurrences:
// the bonus scoreRun gives a run of that one character.
func bestBonuses(b *[len(firstChars)]uint8, s string) {
	prev := classWhite
	for i := 0; i < len(s); {
		r, size := decodeAt(s, i)
		class := classOf(r)
		if k := firstCharIndex(lower(r)); k >= 0 {
			b[k] = max(b[k], uint8(bonusFor(prev, class))+1)
		}
		prev = class
		i += size
	}
}

// firstTerm is the column for pattern p when the index answers it: one
// positive fuzzy term of one character the index covers, typed in lower
// case (an upper-case letter is matched as typed); else nil.
func (x *firstIndex) firstTerm(p *pattern) []byte {
	if c, ok := oneChar(p); ok {
		return x.cols[firstCharIndex(rune(c))]
	}
	return nil
}

// scanFirst scores every entry from col, a column of the index, into
// scores, as scan does from the fields.
func (f *filter) scanFirst(col []byte, scores []int32) {
	for i := range len(f.entries) {
		code := col[i/2] >> (4 * (i % 2)) & 0xf
		scores[i] = noMatch
		if code != 0 && (f.q.Region == "" || f.region.in(f.masks, f.entries, i)) {
			scores[i] = firstScore[code]
		}
	}
}
