package columns

import (
	"maps"
	"slices"
)

// OutlierMin is the outlier rule's threshold (see Widths.Natural): a
// value narrower than this never counts as an outlier.
const OutlierMin = 48

// Widths is how wide one column's values are, as a count of values by
// width, so that values can be added one at a time (a page of images as
// it arrives) and the column's natural width read at any point without
// going over the values again. The zero value holds no values.
type Widths struct {
	count map[int]int32
	n     int

	// Worked out from count when first asked for after an Add.
	stale   bool
	keys    []int // the widths seen, ascending
	over    []int // over[i]: the values wider than keys[i-1] (over[0] = n)
	natural int
}

// Add counts a value w cells wide.
func (ws *Widths) Add(w int) {
	if ws.count == nil {
		ws.count = make(map[int]int32)
	}
	ws.count[w]++
	ws.n++
	ws.stale = true
}

// Len is the number of values counted.
func (ws *Widths) Len() int { return ws.n }

// Natural is the width the column needs for its values, by the outlier
// rule: the widest values do not set the width when they are more than
// twice as wide as the next value below them and wider than OutlierMin,
// as long as they are rare (one, or one in twenty); a column whose widths
// rise gradually (regions, one to six codes) is as wide as its widest
// value. So one 300-character name does not set the width of every row.
// It is 0 without values.
func (ws *Widths) Natural() int {
	ws.refresh()
	return ws.natural
}

func (ws *Widths) refresh() {
	if !ws.stale && ws.over != nil {
		return
	}
	ws.stale = false
	ws.keys = slices.Sorted(maps.Keys(ws.count))
	ws.over = make([]int, len(ws.keys)+1)
	for i := len(ws.keys) - 1; i >= 0; i-- {
		ws.over[i] = ws.over[i+1] + int(ws.count[ws.keys[i]])
	}
	ws.natural = naturalOf(ws.keys, ws.over, ws.n)
}

// naturalOf applies the outlier rule to the widths keys (ascending) with
// over as in Widths.
func naturalOf(keys, over []int, n int) int {
	if len(keys) == 0 {
		return 0
	}
	for i := len(keys) - 1; i >= 1; i-- {
		if keys[i] > OutlierMin && keys[i] > 2*keys[i-1] {
			if over[i] <= max(1, n/20) {
				return keys[i-1]
			}
			break
		}
	}
	return keys[len(keys)-1]
}
