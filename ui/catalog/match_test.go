package catalog

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/genesiscloud-tools/gcimg/internal/text"
)

func TestFieldLongNameFallsBackToV1(t *testing.T) {
	name := "u" + strings.Repeat("x", maxCells) + "bu"
	var mt matcher
	var pos []int
	if _, ok := mt.field(name, []rune("ubu"), &pos); !ok {
		t.Fatal("no match")
	}
	if want := []int{0, len(name) - 2, len(name) - 1}; !slices.Equal(pos, want) {
		t.Errorf("positions %v, want %v", pos, want)
	}
}

// checkField checks the invariants of one field match against the plain
// subsequence test: the matcher finds a match exactly when there is one,
// its positions are ascending rune starts whose runes fold to the
// pattern's, and its score is never below the v1 window's.
func checkField(t *testing.T, s, query string) {
	var b strings.Builder
	appendLower(&b, query)
	pattern := []rune(b.String())
	if len(pattern) == 0 {
		return
	}
	var mt matcher
	var pos []int
	got, ok := mt.field(s, pattern, &pos)
	start := find(s, pattern, true)
	if ok != (start >= 0) {
		t.Fatalf("field(%q, %q) ok=%v, find=%d", s, query, ok, start)
	}
	if !ok {
		return
	}
	if len(pos) != len(pattern) {
		t.Fatalf("field(%q, %q): %d positions for %d runes", s, query, len(pos), len(pattern))
	}
	for i, p := range pos {
		if i > 0 && p <= pos[i-1] {
			t.Fatalf("field(%q, %q): positions %v not ascending", s, query, pos)
		}
		if !utf8.RuneStart(s[p]) {
			t.Fatalf("field(%q, %q): offset %d not a rune start", s, query, p)
		}
		r, _ := utf8.DecodeRuneInString(s[p:])
		if lower(r) != pattern[i] {
			t.Fatalf("field(%q, %q): rune %q at %d is not %q", s, query, r, p, pattern[i])
		}
	}
	if v := v1(s, pattern, start, len(s), true, nil); got < v {
		t.Fatalf("field(%q, %q) scores %d, below v1's %d", s, query, got, v)
	}
}

func FuzzField(f *testing.F) {
	for _, seed := range [][2]string{
		{"Ubuntu ML PyTorch for NVIDIA®", "uml"},
		{"Ubuntu ML PyTorch for NVIDIA", "uml"}, // ASCII: the fast path
		{"my-ubuntu-backup", "ubu"},
		{"my-ubuntu-backup", "u"},
		{"CamelCase/Path:to|it", "cp"},
		{"日本語サーバー 🚀 Rocket", "サ🚀r"},
		{"İzmir \u212Aelvin", "izk"},
		{"aaaa", "aa"},
		{"abcabcabc", "cab"},
		{"abcabcabc", "c"},
		{"a", "ab"},
		{"\xff\xfe", "\xff"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, s, query string) {
		if len(s) > 512 || strings.ContainsAny(query, " \t\n") {
			return
		}
		// Fields are always sanitised (valid UTF-8, one line) before they
		// are matched.
		s = text.Sanitize(s)
		checkField(t, s, query)
		checkFast(t, s, query)
	})
}

// field is fieldLow without the ASCII fast path: s is folded rune by rune.
func (mt *matcher) field(s string, pattern []rune, pos *[]int) (int, bool) {
	return mt.fieldLow(s, "", pattern, "", true, pos)
}
