package catalog

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scoring constants, as in fzf (src/algo/algo.go), so that the ranking
// matches what fzf users expect: a match at the start of a word beats one
// inside a word, consecutive characters beat scattered ones.
const (
	scoreMatch        = 16
	scoreGapStart     = -3
	scoreGapExtension = -1

	bonusBoundary          = scoreMatch / 2
	bonusNonWord           = scoreMatch / 2
	bonusCamel123          = bonusBoundary + scoreGapExtension
	bonusConsecutive       = -(scoreGapStart + scoreGapExtension)
	bonusFirstCharMultiple = 2
	bonusBoundaryWhite     = bonusBoundary + 2
	bonusBoundaryDelimiter = bonusBoundary + 1
)

// MinIDTerm is the shortest query term matched against image IDs, which
// are matched only as a contiguous substring (see the package doc).
const MinIDTerm = 6

type charClass uint8

const (
	classWhite charClass = iota
	classNonWord
	classDelimiter
	classLower
	classUpper
	classLetter
	classNumber
)

func classOf(r rune) charClass {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z':
			return classLower
		case 'A' <= r && r <= 'Z':
			return classUpper
		case '0' <= r && r <= '9':
			return classNumber
		case r == ' ' || r == '\t':
			return classWhite
		case strings.ContainsRune("/,:;|", r):
			return classDelimiter
		}
		return classNonWord
	}
	switch {
	case unicode.IsLower(r):
		return classLower
	case unicode.IsUpper(r):
		return classUpper
	case unicode.IsLetter(r):
		return classLetter
	case unicode.IsNumber(r):
		return classNumber
	case unicode.IsSpace(r):
		return classWhite
	}
	return classNonWord
}

func bonusFor(prev, class charClass) int {
	if class > classDelimiter { // a word character
		switch prev {
		case classWhite:
			return bonusBoundaryWhite
		case classDelimiter:
			return bonusBoundaryDelimiter
		case classNonWord:
			return bonusBoundary
		}
	}
	if prev == classLower && class == classUpper || prev != classNumber && class == classNumber {
		return bonusCamel123
	}
	switch class {
	case classNonWord, classDelimiter:
		return bonusNonWord
	case classWhite:
		return bonusBoundaryWhite
	}
	return 0
}

// lower folds one rune the way Entry.Key is built.
func lower(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// term is one white-space separated word of a query, lower-cased.
type term struct {
	s     string // lower-cased UTF-8, for the prefilter and the ID
	runes []rune
}

// parseTerms splits a query into terms; nil means no text filter.
func parseTerms(q string) []term {
	fields := strings.Fields(q)
	if len(fields) == 0 {
		return nil
	}
	terms := make([]term, len(fields))
	for i, f := range fields {
		var b strings.Builder
		appendLower(&b, f)
		t := term{s: b.String()}
		t.runes = []rune(t.s)
		terms[i] = t
	}
	return terms
}

// inKey reports whether key holds t as a subsequence: a necessary
// condition for any field to match, checked with fast byte searches.
func inKey(key string, t *term) bool {
	for _, r := range t.s {
		var i, n int
		if r < utf8.RuneSelf {
			i, n = strings.IndexByte(key, byte(r)), 1
		} else {
			i, n = strings.IndexRune(key, r), utf8.RuneLen(r)
		}
		if i < 0 {
			return false
		}
		key = key[i+n:]
	}
	return true
}

// decodeAt returns the rune at byte i of s.
func decodeAt(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// maxCells bounds the scoring table of one field (runes × pattern runes).
// Past it (a name of thousands of characters) the linear v1 window is
// scored instead of the optimal alignment.
const maxCells = 1 << 14

// negInf marks a cell with no alignment.
const negInf = math.MinInt / 4

// matcher holds the scratch space of the field matcher, reused across the
// entries of one Apply so that matching allocates only the positions it
// returns.
type matcher struct {
	runes []rune // lowered runes of the window
	offs  []int  // byte offset in the field of each rune
	bonus []int  // boundary bonus of each rune, from the original case
	score []int  // m×n: best score with pattern[i] at rune j
	from  []int  // m×n: rune of pattern[i-1] on that best path
	first []int  // m×n: bonus of the first rune of the consecutive run
}

// find reports where pattern (lower-cased runes) first occurs as a
// subsequence of s: the byte offset of its first rune, or -1.
func find(s string, pattern []rune) int {
	start, pidx := -1, 0
	for i := 0; i < len(s); {
		r, size := decodeAt(s, i)
		if lower(r) == pattern[pidx] {
			if pidx == 0 {
				start = i
			}
			pidx++
			if pidx == len(pattern) {
				return start
			}
		}
		i += size
	}
	return -1
}

// field matches pattern (lower-cased runes) as a subsequence of s, folding
// s rune by rune. It returns the score of the best alignment (fzf's "v2":
// the highest score over all ways the pattern occurs in s, not just the
// first) and, when pos is not nil, appends the byte offsets in s of the
// matched runes, ascending.
func (mt *matcher) field(s string, pattern []rune, pos *[]int) (int, bool) {
	if len(pattern) == 0 || len(s) == 0 {
		return 0, false
	}
	start := find(s, pattern)
	if start < 0 {
		return 0, false
	}
	// Any alignment lies between the first occurrence of the first rune
	// and the last occurrence of the last one.
	end := len(s)
	for end > start {
		r, size := utf8.DecodeLastRuneInString(s[:end])
		if lower(r) == pattern[len(pattern)-1] {
			break
		}
		end -= size
	}

	prev := classWhite
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		prev = classOf(r)
	}
	mt.runes, mt.offs, mt.bonus = mt.runes[:0], mt.offs[:0], mt.bonus[:0]
	for i := start; i < end; {
		r, size := decodeAt(s, i)
		class := classOf(r)
		mt.runes = append(mt.runes, lower(r))
		mt.offs = append(mt.offs, i)
		mt.bonus = append(mt.bonus, bonusFor(prev, class))
		prev = class
		i += size
	}
	n, m := len(mt.runes), len(pattern)
	if n*m > maxCells {
		return v1(s, pattern, start, end, pos), true
	}
	mt.score = grow(mt.score, n*m)
	mt.from = grow(mt.from, n*m)
	mt.first = grow(mt.first, n*m)
	sc, from, first := mt.score, mt.from, mt.first

	for i := range m {
		row := i * n
		gap, gapFrom := negInf, -1 // best path to pattern[i-1] that leaves a gap before j
		for j := range n {
			if i > 0 {
				if gap != negInf {
					gap += scoreGapExtension
				}
				if j >= 2 {
					if v := sc[row-n+j-2]; v != negInf && v+scoreGapStart > gap {
						gap, gapFrom = v+scoreGapStart, j-2
					}
				}
			}
			sc[row+j] = negInf
			if mt.runes[j] != pattern[i] {
				continue
			}
			b := mt.bonus[j]
			if i == 0 {
				sc[row+j], from[row+j], first[row+j] = scoreMatch+b*bonusFirstCharMultiple, -1, b
				continue
			}
			best, bestFrom, bestFirst := negInf, -1, 0
			if gap != negInf {
				best, bestFrom, bestFirst = gap+scoreMatch+b, gapFrom, b
			}
			if j >= 1 && sc[row-n+j-1] != negInf {
				// Extend a consecutive run, as fzf scores it: a boundary
				// inside the run starts a new chunk.
				fb, cb := first[row-n+j-1], b
				if cb >= bonusBoundary && cb > fb {
					fb = cb
				} else {
					cb = max(cb, fb, bonusConsecutive)
				}
				if v := sc[row-n+j-1] + scoreMatch + cb; v >= best {
					best, bestFrom, bestFirst = v, j-1, fb
				}
			}
			sc[row+j], from[row+j], first[row+j] = best, bestFrom, bestFirst
		}
	}
	last := (m - 1) * n
	bestJ := -1
	for j := range n {
		if sc[last+j] != negInf && (bestJ < 0 || sc[last+j] > sc[last+bestJ]) {
			bestJ = j
		}
	}
	if bestJ < 0 {
		return 0, false // cannot happen: find saw the pattern
	}
	if pos != nil {
		base := len(*pos)
		*pos = append(*pos, make([]int, m)...)
		for i, j := m-1, bestJ; i >= 0; i-- {
			(*pos)[base+i] = mt.offs[j]
			j = from[i*n+j]
		}
	}
	return sc[last+bestJ], true
}

func grow(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n, max(n, 2*cap(s)))
	}
	return s[:n]
}

// v1 is fzf's linear algorithm, for fields too long for the table: the
// first occurrence at or after start, shrunk backwards to the shortest
// window ending at the same place, scored as it stands.
func v1(s string, pattern []rune, start, end int, pos *[]int) int {
	eidx, pidx := -1, 0
	for i := start; i < end; {
		r, size := decodeAt(s, i)
		if lower(r) == pattern[pidx] {
			pidx++
			if pidx == len(pattern) {
				eidx = i + size
				break
			}
		}
		i += size
	}
	sidx := start
	pidx = len(pattern) - 1
	for i := eidx; i > start; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		if lower(r) == pattern[pidx] {
			pidx--
			if pidx < 0 {
				sidx = i
				break
			}
		}
	}
	return score(s, pattern, sidx, eidx, pos)
}

// score is fzf's calculateScore over the window s[sidx:eidx].
func score(s string, pattern []rune, sidx, eidx int, pos *[]int) int {
	prev := classWhite
	if sidx > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:sidx])
		prev = classOf(r)
	}
	total, pidx, consecutive, firstBonus := 0, 0, 0, 0
	inGap := false
	for i := sidx; i < eidx && pidx < len(pattern); {
		r, size := decodeAt(s, i)
		class := classOf(r)
		if lower(r) == pattern[pidx] {
			if pos != nil {
				*pos = append(*pos, i)
			}
			total += scoreMatch
			bonus := bonusFor(prev, class)
			if consecutive == 0 {
				firstBonus = bonus
			} else {
				// A boundary inside a run starts a new chunk.
				if bonus >= bonusBoundary && bonus > firstBonus {
					firstBonus = bonus
				}
				bonus = max(bonus, firstBonus, bonusConsecutive)
			}
			if pidx == 0 {
				total += bonus * bonusFirstCharMultiple
			} else {
				total += bonus
			}
			inGap = false
			consecutive++
			pidx++
		} else {
			if inGap {
				total += scoreGapExtension
			} else {
				total += scoreGapStart
			}
			inGap = true
			consecutive, firstBonus = 0, 0
		}
		prev = class
		i += size
	}
	return total
}

// matchID matches t as a contiguous substring of the lower-cased ID.
func matchID(id string, t *term) (int, bool) {
	if len(t.runes) < MinIDTerm {
		return 0, false
	}
	i := strings.Index(id, t.s)
	if i < 0 {
		return 0, false
	}
	return score(id, t.runes, i, i+len(t.s), nil), true
}

// match is the result of matching a query against one entry.
type match struct {
	score              int
	name, slug, family []int
}

// entry matches every term against e: each term must match some field,
// and the score is the sum of each term's best field.
func (mt *matcher) entry(e *Entry, terms []term) (match, bool) {
	var m match
	for i := range terms {
		t := &terms[i]
		if !inKey(e.Key, t) {
			return match{}, false
		}
		best, ok := 0, false
		consider := func(sc int, hit bool) {
			if hit && (!ok || sc > best) {
				best, ok = sc, true
			}
		}
		consider(mt.field(e.Name, t.runes, &m.name))
		consider(mt.field(e.Slug, t.runes, &m.slug))
		// The family is shared by many images (every snapshot of an Ubuntu
		// box says "Ubuntu"), so a hit there counts for half: "ubu" should
		// rank images named Ubuntu above snapshots that merely run it.
		fs, fok := mt.field(e.Family, t.runes, &m.family)
		consider(fs/2, fok)
		consider(matchID(e.idKey, t))
		if !ok {
			return match{}, false
		}
		m.score += best
	}
	if len(terms) > 1 {
		m.name, m.slug, m.family = tidy(m.name), tidy(m.slug), tidy(m.family)
	}
	return m, true
}

// matches reports whether e passes terms, without scoring.
func matches(e *Entry, terms []term) bool {
	for i := range terms {
		t := &terms[i]
		if !inKey(e.Key, t) {
			return false
		}
		if find(e.Name, t.runes) < 0 && find(e.Slug, t.runes) < 0 && find(e.Family, t.runes) < 0 {
			if _, ok := matchID(e.idKey, t); !ok {
				return false
			}
		}
	}
	return true
}

// tidy sorts positions and removes duplicates (several terms may match
// the same characters).
func tidy(p []int) []int {
	if len(p) < 2 {
		return p
	}
	slices.Sort(p)
	out := p[:1]
	for _, x := range p[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}
