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

// asciiClass is classOf for ASCII, looked up instead of computed: the
// matcher classifies every byte of every candidate field.
var asciiClass = func() (t [utf8.RuneSelf]charClass) {
	for c := range t {
		t[c] = classOfSlow(rune(c))
	}
	return t
}()

func classOf(r rune) charClass {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	return classOfSlow(r)
}

func classOfSlow(r rune) charClass {
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

// fold is lower for a term matched without regard to case, and r itself
// for a cased one.
func fold(r rune, f bool) rune {
	if f {
		return lower(r)
	}
	return r
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
// entries of one scan so that matching allocates only the positions it
// returns.
type matcher struct {
	runes []rune // lowered runes of the window
	offs  []int  // byte offset in the field of each rune
	bonus []int  // boundary bonus of each rune, from the original case
	score []int  // m×n: best score with pattern[i] at rune j
	from  []int  // m×n: rune of pattern[i-1] on that best path
	first []int  // m×n: bonus of the first rune of the consecutive run

	// families, when not nil, remembers each family's score per term
	// during a scan, by the family's number in the scan's familyTable
	// (families[num*terms+term.id]): families repeat across thousands of
	// images (every snapshot of an Ubuntu box), so most are scored once.
	families []familyScore
	// types, when not nil, remembers whether each type (by its number in
	// the scan's typeTable) matches each term (of terms): 0 not yet
	// known, 1 yes, 2 no.
	types []uint8
	terms int
}

type familyScore struct {
	score          int
	run, ok, known bool
}

// find reports where pattern first occurs as a subsequence of s, folding
// case when fl is set: the byte offset of its first rune, or -1.
func find(s string, pattern []rune, fl bool) int {
	start, pidx := -1, 0
	for i := 0; i < len(s); {
		r, size := decodeAt(s, i)
		if fold(r, fl) == pattern[pidx] {
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

// fieldLow matches pattern as a subsequence of s, folding s rune by rune
// when fl is set (pattern is then lower-cased). It returns the score of the best alignment
// (fzf's "v2": the highest score over all ways the pattern occurs in s,
// not just the first) and, when pos is not nil, appends the byte offsets
// in s of the matched runes, ascending.
//
// When low is s as matched (lower-cased byte for byte when fl is set; s
// is ASCII) and pat is the pattern as an ASCII string, the occurrence is
// found with byte searches over low and no rune is decoded. Scores and
// positions are the same either way.
func (mt *matcher) fieldLow(s, low string, pattern []rune, pat string, fl bool, pos *[]int) (int, bool) {
	if len(pattern) == 0 || len(s) == 0 {
		return 0, false
	}
	mt.runes, mt.offs, mt.bonus = mt.runes[:0], mt.offs[:0], mt.bonus[:0]
	var start, end int
	if low != "" && pat != "" {
		// Any alignment lies between the first occurrence of the first
		// byte and the last occurrence of the last one.
		start = strings.IndexByte(low, pat[0])
		if start < 0 {
			return 0, false
		}
		for k, i := start+1, 1; i < len(pat); i++ {
			j := strings.IndexByte(low[k:], pat[i])
			if j < 0 {
				return 0, false
			}
			k += j + 1
		}
		end = strings.LastIndexByte(low, pat[len(pat)-1]) + 1
		prev := classWhite
		if start > 0 {
			prev = asciiClass[s[start-1]]
		}
		if len(pat) == 1 {
			return single(s, low, pat[0], start, end, prev, pos), true
		}
		if len(pat) == 2 && 2*(end-start) <= maxCells {
			return pair(s, low, pat[0], pat[1], start, end, prev, pos), true
		}
		for i := start; i < end; i++ {
			class := asciiClass[s[i]]
			mt.runes = append(mt.runes, rune(low[i]))
			mt.offs = append(mt.offs, i)
			mt.bonus = append(mt.bonus, bonusFor(prev, class))
			prev = class
		}
	} else {
		start = find(s, pattern, fl)
		if start < 0 {
			return 0, false
		}
		end = len(s)
		for end > start {
			r, size := utf8.DecodeLastRuneInString(s[:end])
			if fold(r, fl) == pattern[len(pattern)-1] {
				break
			}
			end -= size
		}
		prev := classWhite
		if start > 0 {
			r, _ := utf8.DecodeLastRuneInString(s[:start])
			prev = classOf(r)
		}
		for i := start; i < end; {
			r, size := decodeAt(s, i)
			class := classOf(r)
			mt.runes = append(mt.runes, fold(r, fl))
			mt.offs = append(mt.offs, i)
			mt.bonus = append(mt.bonus, bonusFor(prev, class))
			prev = class
			i += size
		}
	}
	return mt.align(s, pattern, start, end, fl, pos), true
}

// single scores a one-byte pattern over the ASCII window s[start:end]: the
// best alignment is its best-placed occurrence, the first of equals, as
// the table would find.
func single(s, low string, c byte, start, end int, prev charClass, pos *[]int) int {
	best, at := negInf, -1
	for i := start; i < end; i++ {
		class := asciiClass[s[i]]
		if low[i] == c {
			if v := scoreMatch + bonusFor(prev, class)*bonusFirstCharMultiple; v > best {
				best, at = v, i
			}
		}
		prev = class
	}
	if pos != nil {
		*pos = append(*pos, at)
	}
	return best
}

// pair is align for a two-byte pattern over the ASCII window
// s[start:end], in one pass and without the table: the first row of the
// table is only ever read one and two cells back, so two values stand
// for it. The comparisons are align's, in align's order, so the score
// and the positions are the ones the table finds. Two-letter queries
// ("ub", "de") are the second key of most searches and match half the
// catalog, which makes this the most common alignment of all.
func pair(s, low string, c0, c1 byte, start, end int, prev charClass, pos *[]int) int {
	last1, last2 := negInf, negInf // the first row at j-1 and j-2
	bonusLast := 0                 // the bonus at j-1
	gap, gapFrom := negInf, -1     // as in align
	best, at, from := negInf, -1, -1
	for j := start; j < end; j++ {
		class := asciiClass[s[j]]
		b := bonusFor(prev, class)
		prev = class
		if gap != negInf {
			gap += scoreGapExtension
		}
		if last2 != negInf && last2+scoreGapStart > gap {
			gap, gapFrom = last2+scoreGapStart, j-2
		}
		if low[j] == c1 {
			v, f := negInf, -1
			if gap != negInf {
				v, f = gap+scoreMatch+b, gapFrom
			}
			if last1 != negInf {
				cb := b
				if cb < bonusBoundary || cb <= bonusLast {
					cb = max(cb, bonusLast, bonusConsecutive)
				}
				if c := last1 + scoreMatch + cb; c >= v {
					v, f = c, j-1
				}
			}
			if v != negInf && (at < 0 || v > best) {
				best, at, from = v, j, f
			}
		}
		cur := negInf
		if low[j] == c0 {
			cur = scoreMatch + b*bonusFirstCharMultiple
		}
		last2, last1, bonusLast = last1, cur, b
	}
	if at < 0 {
		return 0 // cannot happen: the caller saw the pattern
	}
	if pos != nil {
		*pos = append(*pos, from, at)
	}
	return best
}

// align runs the table over the window the caller put in mt.runes, offs
// and bonus (s[start:end]), and returns the best score, appending its
// positions when pos is not nil.
func (mt *matcher) align(s string, pattern []rune, start, end int, fl bool, pos *[]int) int {
	n, m := len(mt.runes), len(pattern)
	if n*m > maxCells {
		return v1(s, pattern, start, end, fl, pos)
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
		return 0 // cannot happen: the caller saw the pattern
	}
	if pos != nil {
		base := len(*pos)
		*pos = append(*pos, make([]int, m)...)
		for i, j := m-1, bestJ; i >= 0; i-- {
			(*pos)[base+i] = mt.offs[j]
			j = from[i*n+j]
		}
	}
	return sc[last+bestJ]
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
func v1(s string, pattern []rune, start, end int, fl bool, pos *[]int) int {
	eidx, pidx := -1, 0
	for i := start; i < end; {
		r, size := decodeAt(s, i)
		if fold(r, fl) == pattern[pidx] {
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
		if fold(r, fl) == pattern[pidx] {
			pidx--
			if pidx < 0 {
				sidx = i
				break
			}
		}
	}
	return score(s, pattern, sidx, eidx, fl, pos)
}

// score is fzf's calculateScore over the window s[sidx:eidx].
func score(s string, pattern []rune, sidx, eidx int, fl bool, pos *[]int) int {
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
		if fold(r, fl) == pattern[pidx] {
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

// minTypeTerm is the shortest term matched against an image's type
// ("cloud-image", "snapshot"), which is matched only as a contiguous run:
// fuzzily, a type holds almost any short query ("ci", "ae"), and the
// type is shared by every image of a tab.
const minTypeTerm = 3

// bonusRun is added to the score of a term that a field holds as a
// contiguous run (an exact, prefix, suffix or whole-field match, or a
// fuzzy term found unbroken), so that such a match always ranks above a
// scattered one of the same term, even one at word boundaries in a field
// that counts for more. It is more than the most a scattered match of m
// runes can score (26m+10) less the least a run of m runes in the family
// can (10m-2).
func bonusRun(t *term) int { return scoreMatch * (len(t.runes) + 1) }

// scoreRun is fzf's score for the window s[sidx:eidx] when every rune in
// it is matched: the first rune's boundary bonus counts double, the rest
// score as a consecutive run. It appends the rune offsets when pos is not
// nil.
func scoreRun(s string, sidx, eidx int, pos *[]int) int {
	prev := classWhite
	if sidx > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:sidx])
		prev = classOf(r)
	}
	total, first := 0, 0
	for i := sidx; i < eidx; {
		r, size := decodeAt(s, i)
		class := classOf(r)
		b := bonusFor(prev, class)
		if i == sidx {
			first = b
			total += scoreMatch + b*bonusFirstCharMultiple
		} else {
			if b >= bonusBoundary && b > first {
				first = b
			}
			total += scoreMatch + max(b, first, bonusConsecutive)
		}
		if pos != nil {
			*pos = append(*pos, i)
		}
		prev = class
		i += size
	}
	return total
}

// scoreRunASCII is scoreRun for an ASCII s, without positions.
func scoreRunASCII(s string, sidx, eidx int) int {
	prev := classWhite
	if sidx > 0 {
		prev = asciiClass[s[sidx-1]]
	}
	class := asciiClass[s[sidx]]
	first := bonusFor(prev, class)
	total := scoreMatch + first*bonusFirstCharMultiple
	for i := sidx + 1; i < eidx; i++ {
		prev, class = class, asciiClass[s[i]]
		b := bonusFor(prev, class)
		if b >= bonusBoundary && b > first {
			first = b
		}
		total += scoreMatch + max(b, first, bonusConsecutive)
	}
	return total
}

// runAt reports whether pattern occurs in s starting at byte i (a rune
// start), folding case when fl is set, and where the occurrence ends.
func runAt(s string, i int, pattern []rune, fl bool) (end int, ok bool) {
	for _, p := range pattern {
		if i >= len(s) {
			return 0, false
		}
		r, size := decodeAt(s, i)
		if fold(r, fl) != p {
			return 0, false
		}
		i += size
	}
	return i, true
}

// wordEdge reports whether a run may start at byte i of s (after is
// false) or end there (after is true) and still be a whole word: at
// either end of s, or beside a character that is not part of a word.
func wordEdge(s string, i int, after bool) bool {
	var r rune
	switch {
	case after && i == len(s), !after && i == 0:
		return true
	case after:
		r, _ = decodeAt(s, i)
	default:
		r, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	return classOf(r) <= classDelimiter
}

// bestRun finds the best-scoring occurrence of t's pattern in s as a
// contiguous run, only at word boundaries when words is set, and appends
// its offsets when pos is not nil. low is s as matched, byte for byte,
// when a byte search applies (see lowFor), else "". ascii says s is ASCII.
func bestRun(s, low string, t *term, words, ascii bool, pos *[]int) (int, bool) {
	best, at, end := 0, -1, 0
	if ascii && !words && len(t.pat) == 1 {
		start := strings.IndexByte(low, t.pat[0])
		if start < 0 {
			return 0, false
		}
		prev := classWhite
		if start > 0 {
			prev = asciiClass[s[start-1]]
		}
		return single(s, low, t.pat[0], start, strings.LastIndexByte(low, t.pat[0])+1, prev, pos), true
	}
	if low != "" {
		for k := 0; k < len(low); {
			i := strings.Index(low[k:], t.pat)
			if i < 0 {
				break
			}
			i += k
			k = i + 1
			j := i + len(t.pat)
			if words && (!wordEdge(s, i, false) || !wordEdge(s, j, true)) {
				continue
			}
			var sc int
			if ascii {
				sc = scoreRunASCII(s, i, j)
			} else {
				sc = scoreRun(s, i, j, nil)
			}
			if at < 0 || sc > best {
				best, at, end = sc, i, j
			}
		}
	} else {
		for i := 0; i < len(s); {
			j, ok := runAt(s, i, t.runes, !t.cased)
			if ok && (!words || wordEdge(s, i, false) && wordEdge(s, j, true)) {
				if sc := scoreRun(s, i, j, nil); at < 0 || sc > best {
					best, at, end = sc, i, j
				}
			}
			_, size := decodeAt(s, i)
			i += size
		}
	}
	if at < 0 {
		return 0, false
	}
	if pos != nil {
		scoreRun(s, at, end, pos)
	}
	return best, true
}

// anchored matches t at the start of s (^prefix), at its end (suffix$)
// or as all of it (^equal$). As in fzf, white space at that end of s is
// skipped unless the pattern itself begins (or ends) with white space.
func anchored(s, low string, t *term, pos *[]int) (int, bool) {
	start, end := 0, len(s)
	if t.kind != termSuffix && classOf(t.runes[0]) != classWhite {
		for start < end {
			r, size := decodeAt(s, start)
			if classOf(r) != classWhite {
				break
			}
			start += size
		}
	}
	if t.kind != termPrefix && classOf(t.runes[len(t.runes)-1]) != classWhite {
		for end > start {
			r, size := utf8.DecodeLastRuneInString(s[:end])
			if classOf(r) != classWhite {
				break
			}
			end -= size
		}
	}
	i, j := start, 0
	ok := false
	switch {
	case low != "" && t.kind == termPrefix:
		j, ok = start+len(t.pat), strings.HasPrefix(low[start:end], t.pat)
	case low != "" && t.kind == termSuffix:
		i, j, ok = end-len(t.pat), end, strings.HasSuffix(low[start:end], t.pat)
	case low != "":
		j, ok = end, low[start:end] == t.pat
	case t.kind == termSuffix:
		// Step back as many runes as the pattern has.
		i = end
		for range t.runes {
			if i <= start {
				return 0, false
			}
			_, size := utf8.DecodeLastRuneInString(s[:i])
			i -= size
		}
		j, ok = runAt(s, i, t.runes, !t.cased)
		ok = ok && j == end
	default:
		j, ok = runAt(s, start, t.runes, !t.cased)
		ok = ok && (t.kind == termPrefix || j == end)
	}
	if !ok {
		return 0, false
	}
	return scoreRun(s, i, j, pos), true
}

// lowFor is what the byte searches read for field s when matching t: s
// itself for a cased term, its lower-cased form low for the others, or ""
// when the field or the term is not ASCII (or the lower-cased form is not
// at hand) and runes must be compared one by one.
func lowFor(s, low string, ascii bool, t *term) string {
	switch {
	case !ascii || !t.ascii:
		return ""
	case t.cased:
		return s
	}
	return low
}

// termField matches positive term t against field s, low as lowFor says.
// run reports a contiguous match, which gets bonusRun. With runsOnly a
// fuzzy term matches only as a contiguous run (the ID and the type).
func (mt *matcher) termField(s, low string, t *term, runsOnly bool, pos *[]int) (sc int, run, ok bool) {
	if s == "" {
		return 0, false, false
	}
	ascii := low != "" && !runsOnly // a field's low is set only when it is ASCII; the ID's always
	switch t.kind {
	case termFuzzy:
		if sc, ok = bestRun(s, low, t, false, ascii, pos); ok || runsOnly {
			return sc, ok, ok
		}
		pat := ""
		if low != "" {
			pat = t.pat
		}
		sc, ok = mt.fieldLow(s, low, t.runes, pat, !t.cased, pos)
		return sc, false, ok
	case termExact:
		sc, ok = bestRun(s, low, t, false, ascii, pos)
	case termBoundary:
		sc, ok = bestRun(s, low, t, true, ascii, pos)
	default:
		sc, ok = anchored(s, low, t, pos)
	}
	return sc, ok, ok
}

// matchID matches t against the lower-cased ID: only as a contiguous run,
// only for a term of at least MinIDTerm runes (see the package doc), and
// always folding case, since an ID's case means nothing.
func (mt *matcher) matchID(id string, t *term) (sc int, run, ok bool) {
	if len(t.runes) < MinIDTerm {
		return 0, false, false
	}
	folded := *t
	folded.pat, folded.cased = t.s, false
	return mt.termField(id, id, &folded, true, nil)
}

// matchType matches t against the type, only as a contiguous run and only
// for a term of at least minTypeTerm runes. During a scan, the answer for
// each type and term is worked out once.
func (mt *matcher) matchType(f *fields, t *term, pos *[]int) bool {
	if len(t.runes) < minTypeTerm {
		return false
	}
	var memo *uint8
	if pos == nil && mt.types != nil && f.typeNum >= 0 {
		memo = &mt.types[f.typeNum*mt.terms+t.id]
		if *memo != 0 {
			return *memo == 1
		}
	}
	_, _, ok := mt.termField(f.typ, lowFor(f.typ, f.lowTyp, f.lowTyp != "", t), t, true, pos)
	if memo != nil {
		*memo = 2
		if ok {
			*memo = 1
		}
	}
	return ok
}

// match is the result of matching a query against one entry.
type match struct {
	score                   int
	name, slug, family, typ []int
}

// entry matches p against e, with the positions to highlight.
func (mt *matcher) entry(e *Entry, p *pattern) (match, bool) {
	var m match
	f := entryFields(e)
	sc, ok := mt.fieldsScore(&f, p, &m)
	if !ok {
		return match{}, false
	}
	m.score = sc
	if p.n > 1 {
		m.name, m.slug, m.family, m.typ = tidy(m.name), tidy(m.slug), tidy(m.family), tidy(m.typ)
	}
	return m, true
}

// fields are the strings of one entry the matcher reads.
type fields struct {
	key                        string // Entry.Key
	name, slug, family         string // as shown
	lowName, lowSlug, lowFamil string // parts of key, when ascii
	ascii                      bool   // name, slug and family are ASCII
	id                         string // the ID part of key
	typ, lowTyp                string // the type as shown, and lower-cased when ASCII ("" otherwise)
	typeNum                    int    // the type's number in the scan's typeTable, or -1
	famNum                     int    // the family's number in the scan's familyTable, or -1
	chars                      uint64 // charBits of the key without the ID; all ones when not worked out
}

// charBit gives the bytes a query usually holds (letters, digits, the
// punctuation of names and slugs) a bit each; charBits(s) is the set of
// those s holds. Every other byte has none, so it never rules anything
// out.
var charBit = func() (t [256]uint64) {
	bit := uint64(1)
	for _, r := range "abcdefghijklmnopqrstuvwxyz0123456789 -._/:()" {
		t[r] = bit
		bit <<= 1
	}
	return t
}()

func charBits(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= charBit[s[i]]
	}
	return m
}

// entryFields reads the fields from an entry.
func entryFields(e *Entry) fields {
	f := fields{key: e.Key, name: e.Name, slug: e.Slug, family: e.Family, id: e.idKey, ascii: e.ascii, typ: e.Type, typeNum: -1, famNum: -1, chars: ^uint64(0)}
	if e.ascii {
		f.lowName, f.lowSlug, f.lowFamil = e.lowFields()
	}
	f.lowTyp = lowerASCII(e.Type)
	return f
}

// lowerASCII returns s lower-cased when it is ASCII (s itself when it has
// no upper case, the common case), else "".
func lowerASCII(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return ""
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if upper {
		return strings.ToLower(s)
	}
	return s
}

// recRef is an entry's rec with the offsets recFields needs, so a scan
// finds the fields without searching for them.
type recRef struct {
	s string
	// z is the NUL's offset in s; a, b and c are those of the '\n's that
	// end the name, slug and family, relative to the key (after the NUL).
	// z == 0 means no fast path: the entry is not ASCII, or too long for
	// 16-bit offsets.
	z, a, b, c uint16
}

func newRecRef(rec string) recRef {
	z := strings.IndexByte(rec, 0)
	if z <= 0 || len(rec) > math.MaxUint16 {
		return recRef{s: rec}
	}
	key := rec[z+1:]
	a := strings.IndexByte(key, '\n')
	b := a + 1 + strings.IndexByte(key[a+1:], '\n')
	c := b + 1 + strings.IndexByte(key[b+1:], '\n')
	return recRef{s: rec, z: uint16(z), a: uint16(a), b: uint16(b), c: uint16(c)}
}

// fromRec sets the fields of an ASCII entry from its rec alone, which is
// one allocation, so a scan over many entries touches one object per
// entry instead of four; the type, its number, the family's number and
// the character set are left for the caller to set. It reports false,
// and changes nothing, for other entries. A scan keeps one fields for all
// its entries and sets it in place: building a new one per entry, and
// copying it out, cost more instructions than matching most of them.
func (f *fields) fromRec(r recRef) bool {
	if r.z == 0 {
		return false
	}
	shown, key := r.s[:r.z], r.s[r.z+1:]
	a, b, c := int(r.a), int(r.b), int(r.c)
	f.key = key
	f.name, f.slug, f.family = shown[:a], shown[a+1:b], shown[b+1:]
	f.lowName, f.lowSlug, f.lowFamil = key[:a], key[a+1:b], key[b+1:c]
	f.ascii = true
	f.id = key[c+1:]
	return true
}

// fieldsScore matches p against f: every group must match, and the score
// is the sum of each group's. Positions are appended to m when it is not
// nil; ranking needs only the score, and positions are worked out only
// for the rows on screen.
func (mt *matcher) fieldsScore(f *fields, p *pattern, m *match) (int, bool) {
	total := 0
	for _, g := range p.groups {
		sc, ok := mt.groupScore(f, g, m)
		if !ok {
			return 0, false
		}
		total += sc
	}
	return total, true
}

// groupScore is fzf's rule for terms joined by |: the group matches when
// any of its terms does, a negation by its text being absent; the score
// (and the highlight) is that of the first positive term that matches.
func (mt *matcher) groupScore(f *fields, g group, m *match) (int, bool) {
	ok := false
	for i := range g {
		t := &g[i]
		if t.inv {
			ok = ok || !mt.present(f, t)
			continue
		}
		if sc, hit := mt.termScore(f, t, m); hit {
			return sc, true
		}
	}
	return 0, ok
}

// prefilter is a cheap necessary condition for t to match the name, slug,
// family or ID: the lower-cased key holds it as a subsequence (fuzzy
// terms) or as a substring (the others). A term too short for the ID is
// looked for before it: 32 hex digits hold many a short word
// ("deb1", "cafe") as a subsequence.
//
// Before the key is read at all, the entry's charBits must hold the
// term's: a check on one word that the scan reads from a slice by Seq,
// which spares most entries that cannot match a load of their key.
func prefilter(f *fields, t *term) bool {
	key := f.key
	if len(t.runes) < MinIDTerm {
		if f.chars&t.need != t.need {
			return false
		}
		key = key[:len(key)-len(f.id)]
	}
	if t.kind == termFuzzy {
		return inKey(key, t)
	}
	return strings.Contains(key, t.s)
}

// termScore matches positive term t against every field: its score is
// the best field's, and every field it matches is highlighted. The family
// is shared by many images (every snapshot of an Ubuntu box says
// "Ubuntu"), so its score counts for half: "ubu" should rank images named
// Ubuntu above snapshots that merely run it. The type is looked at only
// when no other field matches, and scores nothing: it says what kind of
// image it is, not how well the image matches.
func (mt *matcher) termScore(f *fields, t *term, m *match) (int, bool) {
	var name, slug, family, typ *[]int
	if m != nil {
		name, slug, family, typ = &m.name, &m.slug, &m.family, &m.typ
	}
	b := bestOf{run: bonusRun(t)}
	if prefilter(f, t) {
		b.consider(mt.termField(f.name, lowFor(f.name, f.lowName, f.ascii, t), t, false, name))
		if f.slug != "" {
			b.consider(mt.termField(f.slug, lowFor(f.slug, f.lowSlug, f.ascii, t), t, false, slug))
		}
		var fs familyScore
		if mt.families != nil && family == nil && f.famNum >= 0 {
			c := &mt.families[f.famNum*mt.terms+t.id]
			if !c.known {
				c.score, c.run, c.ok = mt.termField(f.family, lowFor(f.family, f.lowFamil, f.ascii, t), t, false, nil)
				c.known = true
			}
			fs = *c
		} else {
			fs.score, fs.run, fs.ok = mt.termField(f.family, lowFor(f.family, f.lowFamil, f.ascii, t), t, false, family)
		}
		b.consider(fs.score/2, fs.run, fs.ok)
		if len(t.runes) >= MinIDTerm {
			b.consider(mt.matchID(f.id, t))
		}
	}
	if !b.ok && mt.matchType(f, t, typ) {
		return 0, true
	}
	return b.score, b.ok
}

// bestOf keeps the best score of a term over the fields it matched; a
// method rather than a closure, so that it is inlined in the scan.
type bestOf struct {
	score, run int // run: the term's bonusRun
	ok         bool
}

func (b *bestOf) consider(sc int, run, hit bool) {
	if run {
		sc += b.run
	}
	if hit && (!b.ok || sc > b.score) {
		b.score, b.ok = sc, true
	}
}

// present reports whether t's text is found as t (a negation) says it must
// not be.
func (mt *matcher) present(f *fields, t *term) bool {
	if !prefilter(f, t) {
		return mt.matchType(f, t, nil)
	}
	if t.kind == termExact && !t.cased {
		// The common !term: a substring of the lower-cased key that no
		// field boundary splits, since no term holds a '\n'.
		fieldsPart := f.key[:len(f.key)-len(f.id)]
		if strings.Contains(fieldsPart, t.s) {
			return true
		}
		_, _, inID := mt.matchID(f.id, t)
		return inID || mt.matchType(f, t, nil)
	}
	_, ok := mt.termScore(f, t, nil)
	return ok
}

// tidy sorts positions and removes duplicates (several terms may match
// the same characters).
func tidy(p []int) []int {
	slices.Sort(p)
	return slices.Compact(p)
}
