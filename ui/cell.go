package ui

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// ellipsisWidth is the width of text.Ellipsis: 1, or 2 where ambiguous
// runes are wide (RUNEWIDTH_EASTASIAN).
var ellipsisWidth = text.Width(text.Ellipsis)

// fitCell renders s in a cell exactly w cells wide: s and padding when it
// fits, otherwise cut with an ellipsis. The runes at the byte offsets pos
// (ascending) are painted with hi, the rest with base. When s is cut and
// the matched runes are beyond the cut, the cell shows the part of s that
// holds the most of them, with an ellipsis before it (and after it, when
// more follows), as fzf does: the reason for a match is never cut off
// when the cell is wide enough to show it. s is sanitised text: a
// grapheme cluster is never split, and a wide one that would straddle the
// edge is left out and made up for with padding.
func fitCell(s string, pos []int, w int, base, hi painter) string {
	return fitCellPaints(s, pos, w, paints{base: base, hi: hi, from: len(s)})
}

// paints are the styles of a cell: base, and rest from byte offset from
// on (a dimmed suffix), with the matched runes in hi.
type paints struct {
	base, hi, rest painter
	from           int
}

// The kinds of run paintRuns paints.
const (
	kindBase = iota
	kindRest
	kindHi
)

// kindAt is the kind of the unmatched text at byte offset i.
func (p paints) kindAt(i int) int {
	if i >= p.from {
		return kindRest
	}
	return kindBase
}

func (p paints) of(kind int) painter {
	switch kind {
	case kindHi:
		return p.hi
	case kindRest:
		return p.rest
	}
	return p.base
}

// at is the style of the unmatched text at byte offset i.
func (p paints) at(i int) painter { return p.of(p.kindAt(i)) }

// fitCellPaints is fitCell with a suffix in a style of its own.
func fitCellPaints(s string, pos []int, w int, p paints) string {
	base := p.base
	if w <= 0 {
		return ""
	}
	sw := text.Width(s)
	if sw <= w {
		return paintRuns(s, 0, pos, p) + spaces(base, w-sw)
	}
	if len(pos) == 0 && p.from >= len(s) {
		cut := text.Truncate(s, w)
		return base.Render(cut) + spaces(base, w-text.Width(cut))
	}
	cl := clustersOf(s, pos)
	from, to, lead, trail := cl.window(w)
	var b strings.Builder
	used := 0
	if lead {
		b.WriteString(base.Render(text.Ellipsis))
		used += ellipsisWidth
	}
	if from < to {
		lo, end := cl.start[from], cl.start[to]
		b.WriteString(paintRuns(s[lo:end], lo, pos, p))
		used += cl.cum[to] - cl.cum[from]
	}
	if trail {
		b.WriteString(p.at(cl.start[to]).Render(text.Ellipsis))
		used += ellipsisWidth
	}
	b.WriteString(spaces(base, w-used))
	return b.String()
}

// spaces is n cells of padding in style p ("" for n <= 0).
func spaces(p painter, n int) string {
	if n <= 0 {
		return ""
	}
	return p.Render(strings.Repeat(" ", n))
}

// paintRuns paints s, which starts at byte offset off of the string pos
// indexes, in runs: the grapheme clusters holding a rune at pos with p.hi,
// the others with p's style at their offset. A cluster is painted whole,
// so a combining mark never goes into another run than its base.
func paintRuns(s string, off int, pos []int, p paints) string {
	if s == "" {
		return ""
	}
	i := sort.SearchInts(pos, off)
	if (i == len(pos) || pos[i] >= off+len(s)) && p.from >= off+len(s) {
		return p.base.Render(s)
	}
	var b strings.Builder
	runStart, run := 0, 0
	for j := 0; j < len(s); {
		n := clusterLen(s, j)
		kind := p.kindAt(off + j)
		for i < len(pos) && pos[i] < off+j+n {
			if pos[i] >= off+j {
				kind = kindHi
			}
			i++
		}
		if j > runStart && kind != run {
			b.WriteString(p.of(run).Render(s[runStart:j]))
			runStart = j
		}
		run = kind
		j += n
	}
	b.WriteString(p.of(run).Render(s[runStart:]))
	return b.String()
}

// clusterLen is the length in bytes of the grapheme cluster at s[i:].
func clusterLen(s string, i int) int {
	if b := s[i]; b < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
		return 1 // ASCII followed by ASCII: a cluster of its own
	}
	cluster, _ := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
	return max(len(cluster), 1)
}

// clusters are the grapheme clusters of a string: where each starts, the
// width before it (cum), and how many of the clusters before it hold a
// matched rune (hits). start, cum and hits have one more entry than
// there are clusters: the end.
type clusters struct {
	start, cum, hits []int
	space            []bool // the cluster is a single space
}

func clustersOf(s string, pos []int) clusters {
	var c clusters
	c.start = append(c.start, 0)
	c.cum = append(c.cum, 0)
	c.hits = append(c.hits, 0)
	p := 0
	for i := 0; i < len(s); {
		n, w := 1, 1
		if b := s[i]; b >= utf8.RuneSelf || i+1 < len(s) && s[i+1] >= utf8.RuneSelf {
			cluster, cw := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
			n, w = max(len(cluster), 1), cw
		}
		hit := 0
		for p < len(pos) && pos[p] < i+n {
			if pos[p] >= i {
				hit = 1
			}
			p++
		}
		c.space = append(c.space, n == 1 && s[i] == ' ')
		i += n
		c.start = append(c.start, i)
		c.cum = append(c.cum, c.cum[len(c.cum)-1]+w)
		c.hits = append(c.hits, c.hits[len(c.hits)-1]+hit)
	}
	return c
}

// window chooses the clusters from to to-1 to show in w cells, and
// whether an ellipsis goes before them (lead) and after them (trail):
// of the windows that fit, the one holding the most matched clusters,
// and of those the leftmost, so that a string whose matches are at its
// start is cut as usual. The string is wider than w.
func (c clusters) window(w int) (from, to int, lead, trail bool) {
	n := len(c.start) - 1
	best := -1
	for i := 0; i < n; i++ {
		// The clusters that fit from i on, with room kept for the
		// ellipses this window needs.
		ld := i > 0
		room := w
		if ld {
			room -= ellipsisWidth
		}
		j, tr := c.fit(i, room)
		if tr {
			j, _ = c.fit(i, room-ellipsisWidth)
		}
		if room <= 0 || j <= i {
			continue
		}
		if h := c.hits[j] - c.hits[i]; h > best {
			best, from, to, lead, trail = h, i, j, ld, tr
		}
		if j == n {
			break // every later window shows less of the same end
		}
	}
	if best < 0 {
		return 0, 0, false, ellipsisWidth <= w
	}
	// A space next to an ellipsis reads as a gap: leave it out.
	for lead && from < to && c.space[from] && c.hits[from+1] == c.hits[from] {
		from++
	}
	for trail && to > from && c.space[to-1] && c.hits[to] == c.hits[to-1] {
		to--
	}
	return from, to, lead, trail
}

// fit returns the end of the longest run of clusters from i that fits in
// room cells, and whether clusters remain after it.
func (c clusters) fit(i, room int) (j int, more bool) {
	n := len(c.start) - 1
	limit := c.cum[i] + room
	// The first k > i with cum[k] > limit; the run is i..k-2.
	k := i + sort.Search(n+1-i, func(d int) bool { return c.cum[i+d] > limit })
	j = k - 1
	return j, j < n
}
