package text

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis ends every string that Truncate cuts.
const Ellipsis = "…"

// ellipsisWidth is 1, or 2 when RUNEWIDTH_EASTASIAN makes ambiguous runes
// wide; ansi reads that variable in its init, which runs before ours.
var ellipsisWidth = Width(Ellipsis)

// Width returns the display width of s in terminal cells: grapheme-aware,
// so East Asian wide runes and emoji (including ZWJ sequences and flags)
// count 2 and combining marks 0. It is meant for sanitised text; escape
// sequences that are still present count as zero width.
func Width(s string) int {
	if isPrintableASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// Truncate cuts s to at most w cells. A string that is cut ends with
// Ellipsis; a grapheme cluster is never split, so a wide rune that would
// straddle the limit is dropped whole. w <= 0 gives "". s is expected to
// be sanitised already: Truncate measures text, it does not parse escape
// sequences.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	if ellipsisWidth == 1 && isPrintableASCII(s) {
		return strings.TrimRight(s[:w-1], " ") + Ellipsis
	}
	tail := Ellipsis
	budget := w - ellipsisWidth
	if budget < 0 { // the ellipsis is wide (RUNEWIDTH_EASTASIAN=1) and w == 1
		tail, budget = "", w
	}
	// Cluster ends, so a cut can step back one cluster at a time.
	var ends []int
	n, used := 0, 0
	for n < len(s) {
		cluster, cw := ansi.FirstGraphemeCluster(s[n:], ansi.GraphemeWidth)
		if used+cw > budget {
			break
		}
		used += cw
		n += len(cluster)
		ends = append(ends, n)
	}
	// Spaces before the ellipsis are dropped ("ubuntu …" reads as a gap),
	// but only where a space is a cluster of its own.
	start := func(k int) int {
		if k == 0 {
			return 0
		}
		return ends[k-1]
	}
	k := len(ends)
	for k > 0 && s[start(k-1):start(k)] == " " {
		k--
	}
	// Clusters were measured one at a time but the result is measured
	// whole; should a cluster merge with the tail (Sanitize removes the
	// runes that could), step back until the whole fits.
	for ; ; k-- {
		out := s[:start(k)] + tail
		if k == 0 || Width(out) <= w {
			return out
		}
	}
}

// PadRight truncates s to w cells and pads it with spaces to exactly w.
func PadRight(s string, w int) string {
	t := Truncate(s, w)
	if pad := w - Width(t); pad > 0 {
		return t + strings.Repeat(" ", pad)
	}
	return t
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
