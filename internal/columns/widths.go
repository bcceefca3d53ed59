package columns

import "slices"

// OutlierMin is the outlier rule's threshold (see Widths.Natural): a
// value narrower than this never counts as an outlier.
const OutlierMin = 48

// Widths is how wide one column's values are, as a count of values by
// width, so that values can be added one at a time (a page of images as
// it arrives) and the column's natural width read at any point without
// going over the values again. The zero value holds no values.
type Widths struct {
	count map[int]int32
	keys  []int // the widths seen, ascending
	n     int

	natural int
	stale   bool // natural must be worked out again
}

// Add counts a value w cells wide.
func (ws *Widths) Add(w int) {
	if ws.count == nil {
		ws.count = make(map[int]int32)
	}
	if ws.count[w] == 0 {
		i, _ := slices.BinarySearch(ws.keys, w)
		ws.keys = slices.Insert(ws.keys, i, w)
	}
	ws.count[w]++
	ws.n++
	ws.stale = true // even a narrow value may make wide ones rare
}

// Len is the number of values counted.
func (ws *Widths) Len() int { return ws.n }

// Natural is the width the column needs for its values, by the outlier
// rule: the widest values do not set the width when they are more than
// twice as wide as the next value below them and wider than OutlierMin,
// as long as they are rare (one, or one in twenty); a column whose widths
// rise gradually (regions, one to six codes) is as wide as its widest
// value. So one 300-character name does not set the width of every row.
// It is 0 without values. It costs O(distinct widths), not O(values).
func (ws *Widths) Natural() int {
	if !ws.stale {
		return ws.natural
	}
	ws.stale = false
	keys := ws.keys
	if len(keys) == 0 {
		ws.natural = 0
		return 0
	}
	ws.natural = keys[len(keys)-1]
	above := 0 // values at least as wide as keys[i]
	for i := len(keys) - 1; i >= 1; i-- {
		above += int(ws.count[keys[i]])
		if keys[i] > OutlierMin && keys[i] > 2*keys[i-1] {
			if above <= max(1, ws.n/20) {
				ws.natural = keys[i-1]
			}
			break
		}
	}
	return ws.natural
}
