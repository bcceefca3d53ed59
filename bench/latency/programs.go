package main

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/genesiscloud-tools/gcimg/bench/gcimgscreen"
	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
)

// program is one side of the comparison: how to read its screen and which
// keys open and close its filter prompt. The probes are all that depends
// on a program's layout; each returns ok=false when the screen does not
// show the thing yet.
type program struct {
	name string
	// count reads the number of matches and the number they are out of.
	count func(ptydrive.Screen) (matches, total int, ok bool)
	// query reads the text in the filter prompt; ok is false when no
	// prompt is shown. An empty prompt may read as its placeholder.
	query func(ptydrive.Screen) (string, bool)
	// selected is the row of the selection marker, or -1.
	selected func(ptydrive.Screen) int
	// openFilter and closeFilter are typed before and after the queries
	// ("" when the prompt is always there, as in fzf).
	openFilter, closeFilter string
	// expected is the number of matches for a query, worked out apart from
	// the program's screen.
	expected map[string]int
}

var gcimgProbes = program{
	name:        "gcimg",
	count:       gcimgscreen.Count,
	query:       gcimgscreen.Query,
	selected:    gcimgscreen.Selected,
	openFilter:  "/",
	closeFilter: ptydrive.Enter,
}

// fzf --layout=reverse: the prompt on the first line, the info line
// ("  18948/100000", after a spinner while it reads) on the second, the
// list below with ">" on the selected row.
var fzfInfo = regexp.MustCompile(`^\s*(?:\S\s+)?(\d+)/(\d+)`)

var fzfProbes = program{
	name: "fzf",
	count: func(s ptydrive.Screen) (int, int, bool) {
		m := fzfInfo.FindStringSubmatch(s.Line(1))
		if m == nil {
			return 0, 0, false
		}
		n, _ := strconv.Atoi(m[1])
		total, _ := strconv.Atoi(m[2])
		return n, total, true
	},
	query: func(s ptydrive.Screen) (string, bool) {
		q, ok := strings.CutPrefix(s.Line(0), ">")
		return strings.TrimPrefix(q, " "), ok
	},
	selected: func(s ptydrive.Screen) int {
		return s.RowWithPrefix(2, ">")
	},
}

// shows reports whether s shows query q with exactly want matches: the
// result of typing (or deleting back to) q. An empty query is checked by
// its count alone, since a prompt may show a placeholder instead.
func (p *program) shows(s ptydrive.Screen, q string, want int) bool {
	n, _, ok := p.count(s)
	if !ok || n != want {
		return false
	}
	if q == "" {
		return true
	}
	got, ok := p.query(s)
	return ok && got == strings.TrimRight(q, " ")
}
