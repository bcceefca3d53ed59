package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"ascii", "ubuntu", 6},
		{"Japanese is wide", "日本語", 6},
		{"emoji", "🚀", 2},
		{"ZWJ family is one cluster", "👩\u200D👩\u200D👧\u200D👦", 2},
		{"flag", "🇯🇵", 2},
		{"combining accent is zero", "e\u0301", 1},
		{"VS16 makes a text symbol wide", "❤\uFE0F", 2},
		{"mixed", "a日🚀e\u0301", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Width(tt.in); got != tt.want {
				t.Errorf("Width(%+q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		w    int
		want string
	}{
		{"fits", "ubuntu", 6, "ubuntu"},
		{"fits with room", "ubuntu", 10, "ubuntu"},
		{"cut", "ubuntu-22.04", 8, "ubuntu-…"},
		{"cut drops the space before the ellipsis", "ubuntu 22.04", 8, "ubuntu…"},
		{"one cell", "ubuntu", 1, "…"},
		{"zero", "ubuntu", 0, ""},
		{"negative", "ubuntu", -3, ""},
		{"empty", "", 5, ""},
		{"wide rune not split", "日本語", 4, "日…"},
		{"wide rune exact", "日本語", 5, "日本…"},
		{"ZWJ family kept whole or not at all", "👩\u200D👩\u200D👧\u200D👦ab", 3, "👩\u200D👩\u200D👧\u200D👦…"},
		{"ZWJ family dropped whole", "👩\u200D👩\u200D👧\u200D👦ab", 2, "…"},
		{"flag not split", "🇯🇵🇩🇪", 3, "🇯🇵…"},
		{"space that is its own cluster is trimmed", "日本 語", 6, "日本…"},
		{"mark on a space keeps the space", "ab \u0301cdef", 4, "ab \u0301…"},
		{"combining accent stays on its base", "Cafe\u0301s!", 5, "Cafe\u0301…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Truncate(tt.in, tt.w)
			if got != tt.want {
				t.Errorf("Truncate(%+q, %d) = %+q, want %+q", tt.in, tt.w, got, tt.want)
			}
			if w := Width(got); w > max(tt.w, 0) {
				t.Errorf("Truncate(%+q, %d) = %+q is %d cells wide", tt.in, tt.w, got, w)
			}
		})
	}
}

func TestPadRight(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		{"ab", 4, "ab  "},
		{"日本", 5, "日本 "},
		{"日本語", 5, "日本…"},
		{"日本語", 4, "日… "},
		{"abcdef", 4, "abc…"},
		{"abc", 0, ""},
		{"", 3, "   "},
	}
	for _, tt := range tests {
		got := PadRight(tt.in, tt.w)
		if got != tt.want {
			t.Errorf("PadRight(%+q, %d) = %+q, want %+q", tt.in, tt.w, got, tt.want)
		}
		if w := Width(got); w != max(tt.w, 0) {
			t.Errorf("PadRight(%+q, %d) = %+q is %d cells wide", tt.in, tt.w, got, w)
		}
	}
}

// checkTruncated asserts what Truncate promises for text that has been
// sanitised: it fits, it is s itself when s fits, otherwise a prefix of s
// ending on a grapheme boundary followed by the ellipsis, and still clean.
func checkTruncated(t *testing.T, s string, w int, out string) {
	t.Helper()
	if got := Width(out); got > max(w, 0) {
		t.Fatalf("Truncate(%+q, %d) = %+q is %d cells wide", s, w, out, got)
	}
	if w <= 0 {
		if out != "" {
			t.Fatalf("Truncate(%+q, %d) = %+q, want empty", s, w, out)
		}
		return
	}
	if Width(s) <= w {
		if out != s {
			t.Fatalf("Truncate(%+q, %d) = %+q, want the input unchanged", s, w, out)
		}
		return
	}
	prefix, ok := strings.CutSuffix(out, Ellipsis)
	if !ok && ellipsisWidth <= w {
		t.Fatalf("Truncate(%+q, %d) = %+q: cut without an ellipsis", s, w, out)
	}
	if !strings.HasPrefix(s, prefix) {
		t.Fatalf("Truncate(%+q, %d) = %+q: not a prefix of the input", s, w, out)
	}
	if !onGraphemeBoundary(s, len(prefix)) {
		t.Fatalf("Truncate(%+q, %d) = %+q: splits a grapheme cluster", s, w, out)
	}
	if !utf8.ValidString(out) || !isClean(out) {
		t.Fatalf("Truncate(%+q, %d) = %+q: not clean", s, w, out)
	}
}

func onGraphemeBoundary(s string, n int) bool {
	at := 0
	for at < n {
		cluster, _ := ansi.FirstGraphemeCluster(s[at:], ansi.GraphemeWidth)
		at += len(cluster)
	}
	return at == n
}

func FuzzTruncate(f *testing.F) {
	f.Add("ubuntu-22.04", 8)
	f.Add("日本語イメージ", 5)
	f.Add("👩\u200D👩\u200D👧\u200D👦 family", 3)
	f.Add("🇯🇵🇩🇪", 3)
	f.Add("Cafe\u0301s", 5)
	f.Add("\u0d4eabc", 2)
	f.Add("x", 0)
	f.Fuzz(func(t *testing.T, s string, w int) {
		w %= 200 // keep widths small; negative ones stay negative
		clean := Sanitize(s)
		checkTruncated(t, clean, w, Truncate(clean, w))
		if p := PadRight(clean, w); Width(p) != max(w, 0) {
			t.Fatalf("PadRight(%+q, %d) = %+q is %d cells wide", clean, w, p, Width(p))
		}
	})
}

func BenchmarkWidth(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"ascii", benchClean},
		{"unicode", benchUnicode},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				_ = Width(bc.in)
			}
		})
	}
}

func BenchmarkTruncate(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"ascii", benchClean},
		{"unicode", benchUnicode},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Truncate(bc.in, 20)
			}
		})
	}
}
