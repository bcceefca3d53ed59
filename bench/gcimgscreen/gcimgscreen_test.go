package gcimgscreen

// These check the probes on status lines as gcimg writes them (ui's
// statusView). That they still read the real program is checked by
// bench/latency's and bench/soak's tests, which run it in a pty.

import (
	"testing"

	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
)

func screen(lines ...string) ptydrive.Screen { return ptydrive.Screen{Lines: lines} }

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		line        string
		matches, of int
		ok          bool
	}{
		{"1/3008 · sort name", 3008, 3008, true},
		{"⣾ 1/3008 · sort newest", 3008, 3008, true},
		{"12/12", 12, 12, true},
		{"3/18948 matches of 100000 · best match, then name", 18948, 100000, true},
		{"1/1 match of 2404 · best match, then name      ↻ retrying page 3 (2/5) in 2s: 500", 1, 2404, true},
		{"0 matches of 12 · sort name", 0, 0, false}, // no position: not read (nothing to compare)
		{"1/~3008 · 100 loaded · sort name", 0, 0, false},
		{"1/~26+ · 100 loaded · sort name", 0, 0, false},
		{"12 matches in 150 of ~527 loaded · best match, then name", 0, 0, false},
		{"1/40 · region NORD-NO-KRS-1 · sort name", 0, 0, false},
		{"no base OS images on this API · sort name", 0, 0, false},
	} {
		n, of, ok := Count(screen("All 3008 │ Base OS", tc.line, "↑/k up · q quit"))
		if n != tc.matches || of != tc.of || ok != tc.ok {
			t.Errorf("Count(%q) = %d, %d, %v; want %d, %d, %v", tc.line, n, of, ok, tc.matches, tc.of, tc.ok)
		}
	}
}

func TestRejected(t *testing.T) {
	for line, want := range map[string]bool{
		"no base OS images on this API · sort name":          true,
		"no preconfigured images on this API":                true,
		"1/3008 · sort name":                                 false,
		"▌ no name on this API backup  snapshot  2026-01-01": false, // an image named so, in the list
	} {
		if got := Rejected(screen("All", line)); got != want {
			t.Errorf("Rejected(%q) = %v, want %v", line, got, want)
		}
	}
}

func TestQueryAndSelected(t *testing.T) {
	s := screen("All 12 │ Base OS 3", "/ ubu", "NAME", "  Debian 12", "▌ Ubuntu 24.04", "1/2 matches of 12")
	if q, ok := Query(s); !ok || q != "ubu" {
		t.Errorf("Query = %q, %v", q, ok)
	}
	if got := Selected(s); got != 4 {
		t.Errorf("Selected = %d, want 4", got)
	}
	if _, ok := Query(screen("All", "NAME")); ok {
		t.Error("Query read a prompt that is not there")
	}
}
