package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// Painters that show what they paint: matches in brackets.
var (
	plainPaint = painter{fast: true}
	markPaint  = painter{pre: "[", post: "]", fast: true}
)

// runsOf is the byte offset of every rune of each of subs in s, in order:
// the positions the matcher would give for those runs.
func runsOf(s string, subs ...string) []int {
	var pos []int
	from := 0
	for _, sub := range subs {
		i := strings.Index(s[from:], sub) + from
		for j := range sub {
			if utf8.RuneStart(sub[j]) {
				pos = append(pos, i+j)
			}
		}
		from = i + len(sub)
	}
	return pos
}

func TestFitCell(t *testing.T) {
	cases := []struct {
		name string
		s    string
		subs []string // the matched runs
		w    int
		want string
	}{
		{"fits, padded", "debian-12", []string{"deb"}, 12, "[deb]ian-12   "},
		{"cut, no match", "ubuntu-ml-nvidia-pytorch", nil, 10, "ubuntu-ml…"},
		{"the match in the part kept", "Ubuntu 22.04 CUDA 12.4", []string{"Ubu"}, 10, "[Ubu]ntu 22…"},
		{"the match past the cut: the end", "ubuntu-ml-nvidia-pytorch", []string{"pytorch"}, 15, "…nvidia-[pytorch]"},
		{"the match in the middle", "aaaaaaaaaaXYZbbbbbbbbbb", []string{"XYZ"}, 8, "…aaa[XYZ]…"},
		{"a space by an ellipsis goes", "aaaaaaaaa XYZ", []string{"XYZ"}, 5, "…[XYZ] "},
		{"most matches win", "ab cdefghijklmnopqrstu vwxyz", []string{"a", "vwxyz"}, 10, "…stu [vwxyz]"},
		{"wide runes", "日本語のイメージ名前", []string{"前"}, 7, "…ジ名[前]"},
		{"a wide rune does not straddle the edge", "日本語のイメージ名前", []string{"前"}, 6, "…名[前] "},
		{"a combining mark stays with its base", strings.Repeat("x", 12) + "e\u0301tude", []string{"e"}, 8, "…xxxxx[e\u0301]…"},
		{"one cell", "ubuntu-ml-nvidia-pytorch", []string{"pytorch"}, 1, "…"},
		{"no cell", "ubuntu", []string{"u"}, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := fitCell(c.s, runsOf(c.s, c.subs...), c.w, plainPaint, markPaint)
			if got != c.want {
				t.Errorf("fitCell(%q, %q, %d) = %q, want %q", c.s, c.subs, c.w, got, c.want)
			}
			if w := text.Width(strings.NewReplacer("[", "", "]", "").Replace(got)); w != c.w {
				t.Errorf("%q is %d cells wide, want %d", got, w, c.w)
			}
		})
	}
}

// FuzzFitCell: whatever the text, the matches and the width, the cell is
// exactly w cells wide, shows one contiguous part of the text (whole
// grapheme clusters) between ellipses, and paints only matched runes.
func FuzzFitCell(f *testing.F) {
	for _, s := range []string{"ubuntu-ml-nvidia-pytorch", "日本語のイメージ名前", "e\u0301e\u0301e\u0301 x 👩\u200d💻🇯🇵 y", strings.Repeat("long name ", 30)} {
		f.Add(s, uint64(0b1011), uint8(9))
		f.Add(s, uint64(1)<<40, uint8(5))
	}
	f.Fuzz(func(t *testing.T, s string, mask uint64, w8 uint8) {
		s = text.Sanitize(s)
		w := int(w8 % 60)
		var pos []int
		k := 0
		for i := range s {
			if mask&(1<<(k%64)) != 0 {
				pos = append(pos, i)
			}
			k++
		}
		hi := painter{pre: "\x1b[1m", post: "\x1b[m", fast: true}
		got := fitCell(s, pos, w, plainPaint, hi)
		plain := ansi.Strip(got)
		if gw := text.Width(plain); gw != w && !(w == 0 && plain == "") {
			t.Fatalf("fitCell(%q, %v, %d) = %q: %d cells wide", s, pos, w, plain, gw)
		}
		inner := strings.TrimRight(plain, " ")
		inner = strings.TrimPrefix(strings.TrimSuffix(inner, text.Ellipsis), text.Ellipsis)
		if !strings.Contains(s, inner) {
			t.Fatalf("fitCell(%q, %d) shows %q, which is not a part of the text", s, w, plain)
		}
		// Every painted run is text that was matched.
		for _, run := range strings.Split(got, hi.pre)[1:] {
			run, _, _ = strings.Cut(run, hi.post)
			if run == "" || !strings.Contains(s, run) {
				t.Fatalf("fitCell(%q, %d) paints %q", s, w, run)
			}
		}
	})
}

func TestRegionsText(t *testing.T) {
	regions := []string{"NORD-NO-KRS-1", "EUC-DE-MUC-1", "EUW-NL-AMS-1"}
	cases := []struct {
		w    int
		want string
	}{
		{60, "NORD-NO-KRS-1,EUC-DE-MUC-1,EUW-NL-AMS-1"},
		{39, "NORD-NO-KRS-1,EUC-DE-MUC-1,EUW-NL-AMS-1"},
		{38, "NORD-NO-KRS-1,EUC-DE-MUC-1 +1"},
		{29, "NORD-NO-KRS-1,EUC-DE-MUC-1 +1"},
		{28, "NORD-NO-KRS-1 +2"},
		{16, "NORD-NO-KRS-1 +2"},
		{15, "NORD-NO-KRS-1,EUC-DE-MUC-1,EUW-NL-AMS-1"}, // nothing whole fits: cut as text
	}
	for _, c := range cases {
		if got := regionsText(regions, c.w); got != c.want {
			t.Errorf("regionsText(%d) = %q, want %q", c.w, got, c.want)
		}
	}
	if got := regionsText(nil, 10); got != "-" {
		t.Errorf("no regions: %q", got)
	}
}
