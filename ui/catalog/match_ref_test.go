package catalog

import "unicode/utf8"

// The matcher as it was before its fast paths, kept to check that they
// change neither a score nor a position.

func findRef(s string, pattern []rune) int {
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

func (mt *matcher) fieldRef(s string, pattern []rune, pos *[]int) (int, bool) {
	if len(pattern) == 0 || len(s) == 0 {
		return 0, false
	}
	start := findRef(s, pattern)
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
		return v1(s, pattern, start, end, true, pos), true
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
