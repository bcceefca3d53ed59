package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
)

// Keys as xterm sends them, beyond ptydrive's.
const (
	shiftTab = "\x1b[Z"
	ctrlR    = "\x12"
	ctrlF    = "\x06" // page down
	ctrlB    = "\x02" // page up
	ctrlN    = "\x0e" // down in the filter prompt
	ctrlP    = "\x10" // up in the filter prompt
	ctrlU    = "\x15"
	ctrlW    = "\x17"
)

// paste is text as a terminal sends it from the clipboard when the
// program has asked for bracketed paste (Bubble Tea does).
func paste(text string) string { return "\x1b[200~" + text + "\x1b[201~" }

// sgrMouse is a mouse event in the SGR encoding (mode 1006), at the
// 0-based cell x, y: button 0 is the left button, 64 and 65 the wheel.
func sgrMouse(button, x, y int, release bool) string {
	end := "M"
	if release {
		end = "m"
	}
	return fmt.Sprintf("\x1b[<%d;%d;%d%s", button, x+1, y+1, end)
}

// typedQueries are typed a key at a time. None holds a q: a query typed
// while the prompt is not open (the driver never knows what is on
// screen) lands on the list as keys, where q quits. They use the query
// syntax: ^prefix, suffix$, 'exact, !negation and | for "or".
var typedQueries = []string{
	"ubuntu", "ubu", "^ubuntu", "!snap", "'24.04", "cuda$", "deb | rocky", "!^win",
	"nvidia 12", "^ubuntu 22.04$", "zzzz-none", "a", "ml !win", "'", "!", "^", "$", "|",
	"^$", "!'", "rocky 9", "backup", "é", "日本", "llama", "torch | cuda", "  ",
}

// pastedQueries go through bracketed paste, so they may hold anything a
// clipboard can: a q (a paste is never keys), newlines and tabs, escape
// sequences, wide and combining characters, invalid UTF-8, a long line.
var pastedQueries = []string{
	"ubuntu 24.04", "qemu", "^debian 12$ | ^rocky", "!snapshot 'cuda", "quit", "q",
	"nvidia\nubuntu", "line one\r\nline two", "tab\there", "\x1b[2J\x1b[Hcleared?", "\x1b]52;c;Y3VybA==\x07osc",
	"🚀 rocket", "e\u0301", "\xff\xfe broken utf-8", strings.Repeat("long ", 400), "", "   ",
	"11111111-2222-4333-8444-555555555555", "^(regex)?[not]*$",
}

// sizes are the terminal sizes the driver resizes to; the last is below
// gcimg's minimum, where it says the terminal is too small.
var sizes = [][2]int{{120, 40}, {100, 30}, {80, 24}, {160, 50}, {60, 18}, {200, 60}, {44, 12}, {20, 5}}

// A step is what the driver does next: bytes to write, each entry its own
// write, or a resize (cols > 0).
type step struct {
	action     string
	writes     []string
	cols, rows int
}

// driver draws random user actions, never a quit key (q outside a paste,
// ctrl+c, ctrl+z, ctrl+\).
type driver struct {
	rng        *rand.Rand
	cols, rows int
	actions    map[string]int
	keys       int // key and mouse events written (a paste counts once)
	resizes    int
}

var driverActions = []struct {
	name   string
	weight int
}{
	{"move", 30}, {"burst", 4}, {"tab", 10}, {"filter", 7}, {"paste", 5}, {"region", 4},
	{"sort", 3}, {"reload", 12}, {"retry", 4}, {"detail", 5}, {"copy menu", 3}, {"copy", 2},
	{"help", 2}, {"esc", 6}, {"edit", 3}, {"mouse", 5}, {"typed", 2}, {"resize", 2},
}

func (d *driver) oneOf(xs ...string) string { return xs[d.rng.IntN(len(xs))] }

func (d *driver) next() step {
	total := 0
	for _, a := range driverActions {
		total += a.weight
	}
	r := d.rng.IntN(total)
	name := ""
	for _, a := range driverActions {
		if r < a.weight {
			name = a.name
			break
		}
		r -= a.weight
	}
	if d.actions == nil {
		d.actions = map[string]int{}
	}
	d.actions[name]++
	st := step{action: name}
	keys := func(ks ...string) { st.writes = append(st.writes, ks...) }
	switch name {
	case "move":
		keys(d.oneOf(ptydrive.Up, ptydrive.Down, "j", "k", ptydrive.PageUp, ptydrive.PageDown,
			ptydrive.Home, ptydrive.End, "g", "G", ctrlF, ctrlB, ctrlN, ctrlP))
	case "burst": // keys faster than frames: one write of many
		k := d.oneOf(ptydrive.Down, ptydrive.Up, ptydrive.PageDown, "j")
		st.writes = []string{strings.Repeat(k, 5+d.rng.IntN(40))}
		d.keys += len(st.writes[0])/len(k) - 1
	case "tab":
		keys(d.oneOf(ptydrive.Tab, shiftTab, "1", "2", "3", "4", "5"))
	case "filter":
		keys("/")
		for _, r := range typedQueries[d.rng.IntN(len(typedQueries))] {
			keys(string(r))
		}
		switch d.rng.IntN(4) {
		case 0:
			keys(ptydrive.Enter)
		case 1:
			keys(ptydrive.Esc)
		} // else leave the prompt open: what comes next is typed into it
	case "paste":
		keys(paste(pastedQueries[d.rng.IntN(len(pastedQueries))]))
		if d.rng.IntN(2) == 0 {
			keys(ptydrive.Enter)
		}
	case "region":
		keys("r")
		for range d.rng.IntN(6) {
			keys(d.oneOf(ptydrive.Down, "j", ptydrive.Up, ptydrive.End))
		}
		keys(d.oneOf(ptydrive.Enter, ptydrive.Enter, ptydrive.Esc))
	case "sort":
		keys("s")
	case "reload":
		keys(ctrlR)
		if d.rng.IntN(3) > 0 {
			keys(ptydrive.End) // read the whole tab again, while the faults last
		}
	case "retry":
		keys("R")
	case "detail":
		keys(d.oneOf(ptydrive.Enter, "l", ptydrive.Right))
		for range d.rng.IntN(3) {
			keys(d.oneOf(ptydrive.Down, ptydrive.PageDown, "j", "G"))
		}
		if d.rng.IntN(3) > 0 {
			keys(d.oneOf(ptydrive.Esc, "h", ptydrive.Left, ptydrive.Backspace))
		}
	case "copy menu":
		keys("C")
		switch d.rng.IntN(3) {
		case 0:
			keys(d.oneOf("1", "2", "3", "4", ptydrive.Enter)) // copies: with --clipboard off, a box shows the value
		case 1:
			keys(ptydrive.Esc)
		}
	case "copy":
		keys(d.oneOf("c", "y"))
	case "help":
		keys("?")
		if d.rng.IntN(3) > 0 {
			keys(d.oneOf(ptydrive.Down, ptydrive.PageDown, "G"), ptydrive.Esc)
		}
	case "esc":
		keys(ptydrive.Esc)
	case "edit":
		keys(d.oneOf(ptydrive.Backspace, ctrlU, ctrlW, ptydrive.Left, ptydrive.Right))
	case "mouse":
		x, y := d.rng.IntN(max(d.cols, 1)), d.rng.IntN(max(d.rows, 1))
		switch b := d.rng.IntN(3); b {
		case 0:
			keys(sgrMouse(0, x, y, false), sgrMouse(0, x, y, true))
		default:
			keys(sgrMouse(63+b, x, y, false)) // 64 up, 65 down
		}
	case "typed": // letters as keys, wherever they land
		for range 1 + d.rng.IntN(6) {
			keys(string("abdefhimnoptuvwxz0123456789 -_."[d.rng.IntN(31)]))
		}
	case "resize":
		sz := sizes[d.rng.IntN(len(sizes))]
		st.cols, st.rows = sz[0], sz[1]
		d.cols, d.rows = sz[0], sz[1]
		d.resizes++
		return st
	}
	d.keys += len(st.writes)
	return st
}

// String is "6,123 keys in 4,001 actions: move ×1,200, …".
func (d *driver) String() string {
	names := make([]string, 0, len(d.actions))
	total := 0
	for n, c := range d.actions {
		names = append(names, n)
		total += c
	}
	sort.Slice(names, func(i, j int) bool { return d.actions[names[i]] > d.actions[names[j]] })
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s ×%d", n, d.actions[n])
	}
	return fmt.Sprintf("%d key, paste and mouse events in %d actions (%s)", d.keys, total, strings.Join(parts, ", "))
}
