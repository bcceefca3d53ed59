// Package gcimgscreen reads gcimg's TUI off an emulated screen
// (bench/ptydrive): the counts of its status line, its filter prompt,
// its selection marker, and a tab whose type the API rejects. These
// probes are all the bench tools (bench/latency, bench/soak) know of
// gcimg's layout; their tests run them against the real TUI, so a change
// to the screen that they no longer read fails the unit suite.
package gcimgscreen

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
)

// status is gcimg's status line once the tab is complete: "1/100000 ·
// sort name", or "3/18948 matches of 100000 · best match, then name" (or
// "1/1 match of …") when filtered; what follows the position may change,
// so it is either nothing or one of those. While pages are still arriving
// it reads "1/~100000 · 100 loaded" or "12 matches in 150 of ~527
// loaded", and with a region "1/40 · region X · sort name", which this
// does not match.
var status = regexp.MustCompile(`(?:^|\s)\d+/(\d+)(?: match(?:es)? of (\d+))?(?: · (?:sort|best match)\b|\s*$)`)

// Count reads the status line of a complete tab with no region: the
// number of rows (matches) and the number of images they are out of,
// equal when no filter is active. ok is false while the tab is loading,
// and when no such line is on screen.
func Count(s ptydrive.Screen) (matches, total int, ok bool) {
	for y := len(s.Lines) - 1; y >= 0; y-- {
		if m := status.FindStringSubmatch(s.Lines[y]); m != nil {
			n, _ := strconv.Atoi(m[1])
			total := n
			if m[2] != "" {
				total, _ = strconv.Atoi(m[2])
			}
			return n, total, true
		}
	}
	return 0, 0, false
}

// rejected is the status line of a tab whose type the API refuses:
// "no base OS images on this API · sort name".
var rejected = regexp.MustCompile(`(?:^|\s)no \S.* on this API(?: ·|\s*$)`)

// Rejected reports whether the status line says that the API offers no
// images of the active tab's type.
func Rejected(s ptydrive.Screen) bool {
	for y := len(s.Lines) - 1; y >= 0; y-- {
		if rejected.MatchString(s.Lines[y]) {
			return true
		}
	}
	return false
}

// Query reads the text in the filter prompt, the line under the tab bar;
// ok is false when no prompt is shown.
func Query(s ptydrive.Screen) (string, bool) {
	return strings.CutPrefix(s.Line(1), "/ ")
}

// Selected is the row of the selection marker, or -1.
func Selected(s ptydrive.Screen) int {
	return s.RowWithPrefix(1, "▌")
}
