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

// term is one white-space separated word of a query, lower-cased.
type term struct {
	s     string // lower-cased UTF-8, for the prefilter and the ID
	runes []rune
	ascii bool // s is ASCII, so byte searches over lowered ASCII fields work
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
		t.ascii = len(t.runes) == len(t.s)
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

	// families, when not nil, remembers each family's score per term
	// during a scan: families repeat across thousands of images (every
	// snapshot of an Ubuntu box), so most are scored once.
	families map[familyKey]familyScore
}

type familyKey struct {
	family string
	term   int
}

type familyScore struct {
	score int
	ok    bool
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

// fieldLow matches pattern (lower-cased runes) as a subsequence of s,
// folding s rune by rune. It returns the score of the best alignment
// (fzf's "v2": the highest score over all ways the pattern occurs in s,
// not just the first) and, when pos is not nil, appends the byte offsets
// in s of the matched runes, ascending.
//
// When low is s lower-cased byte for byte (s is ASCII) and pat is the
// pattern as an ASCII string, the occurrence is found with byte searches
// over low and no rune is decoded. Scores and positions are the same
// either way.
func (mt *matcher) fieldLow(s, low string, pattern []rune, pat string, pos *[]int) (int, bool) {
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
		for i := start; i < end; i++ {
			class := asciiClass[s[i]]
			mt.runes = append(mt.runes, rune(low[i]))
			mt.offs = append(mt.offs, i)
			mt.bonus = append(mt.bonus, bonusFor(prev, class))
			prev = class
		}
	} else {
		start = find(s, pattern)
		if start < 0 {
			return 0, false
		}
		end = len(s)
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
		for i := start; i < end; {
			r, size := decodeAt(s, i)
			class := classOf(r)
			mt.runes = append(mt.runes, lower(r))
			mt.offs = append(mt.offs, i)
			mt.bonus = append(mt.bonus, bonusFor(prev, class))
			prev = class
			i += size
		}
	}
	return mt.align(s, pattern, start, end, pos), true
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

// align runs the table over the window the caller put in mt.runes, offs
// and bonus (s[start:end]), and returns the best score, appending its
// positions when pos is not nil.
func (mt *matcher) align(s string, pattern []rune, start, end int, pos *[]int) int {
	n, m := len(mt.runes), len(pattern)
	if n*m > maxCells {
		return v1(s, pattern, start, end, pos)
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
	sc, ok := mt.entryScore(e, terms, &m)
	if !ok {
		return match{}, false
	}
	m.score = sc
	if len(terms) > 1 {
		m.name, m.slug, m.family = tidy(m.name), tidy(m.slug), tidy(m.family)
	}
	return m, true
}

// fields are the strings of one entry the matcher reads.
type fields struct {
	key                        string // Entry.Key
	name, slug, family         string // as shown
	lowName, lowSlug, lowFamil string // parts of key; "" unless ASCII
	id                         string // the ID part of key
}

// entryFields reads the fields from an entry.
func entryFields(e *Entry) fields {
	f := fields{key: e.Key, name: e.Name, slug: e.Slug, family: e.Family, id: e.idKey}
	if e.ascii {
		f.lowName, f.lowSlug, f.lowFamil = e.lowFields()
	}
	return f
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

// recFields reads the fields of an ASCII entry from its rec alone, which
// is one allocation, so a scan over many entries touches one object per
// entry instead of four. ok is false for other entries.
func recFields(r recRef) (f fields, ok bool) {
	if r.z == 0 {
		return fields{}, false
	}
	shown, key := r.s[:r.z], r.s[r.z+1:]
	a, b, c := int(r.a), int(r.b), int(r.c)
	return fields{
		key:  key,
		name: shown[:a], slug: shown[a+1 : b], family: shown[b+1:],
		lowName: key[:a], lowSlug: key[a+1 : b], lowFamil: key[b+1 : c],
		id: key[c+1:],
	}, true
}

// entryScore is entry's score alone when m is nil, which is all ranking
// needs: positions are only worked out for the rows on screen.
func (mt *matcher) entryScore(e *Entry, terms []term, m *match) (int, bool) {
	return mt.fieldsScore(entryFields(e), terms, m)
}

func (mt *matcher) fieldsScore(f fields, terms []term, m *match) (int, bool) {
	var name, slug, family *[]int
	if m != nil {
		name, slug, family = &m.name, &m.slug, &m.family
	}
	ascii := f.lowName != "" || f.lowSlug != "" || f.lowFamil != ""
	total := 0
	for i := range terms {
		t := &terms[i]
		if !inKey(f.key, t) {
			return 0, false
		}
		ln, ls, lf, pat := "", "", "", ""
		if ascii && t.ascii {
			ln, ls, lf, pat = f.lowName, f.lowSlug, f.lowFamil, t.s
		}
		best, ok := 0, false
		consider := func(sc int, hit bool) {
			if hit && (!ok || sc > best) {
				best, ok = sc, true
			}
		}
		consider(mt.fieldLow(f.name, ln, t.runes, pat, name))
		consider(mt.fieldLow(f.slug, ls, t.runes, pat, slug))
		// The family is shared by many images (every snapshot of an Ubuntu
		// box says "Ubuntu"), so a hit there counts for half: "ubu" should
		// rank images named Ubuntu above snapshots that merely run it.
		var fs int
		var fok bool
		if mt.families != nil && family == nil && f.family != "" {
			k := familyKey{f.family, i}
			c, seen := mt.families[k]
			if !seen {
				c.score, c.ok = mt.fieldLow(f.family, lf, t.runes, pat, nil)
				mt.families[k] = c
			}
			fs, fok = c.score, c.ok
		} else {
			fs, fok = mt.fieldLow(f.family, lf, t.runes, pat, family)
		}
		consider(fs/2, fok)
		consider(matchID(f.id, t))
		if !ok {
			return 0, false
		}
		total += best
	}
	return total, true
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
	slices.Sort(p)
	return slices.Compact(p)
}
