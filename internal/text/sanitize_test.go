package text

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean ascii is unchanged", "Ubuntu 22.04 LTS", "Ubuntu 22.04 LTS"},
		{"empty", "", ""},
		{"OSC 52 clipboard write ended by BEL", "ubuntu\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07-22.04", "ubuntu-22.04"},
		{"OSC 52 clipboard write ended by ST", "\x1b]52;c;Zm9v\x1b\\name", "name"},
		{"OSC 0 title set", "\x1b]0;you have been pwned\x07Ubuntu", "Ubuntu"},
		{"OSC 8 hyperlink keeps its visible text", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"unterminated OSC swallows the rest", "name\x1b]0;evil title", "name"},
		{"clear screen", "\x1b[2J\x1b[Hname", "name"},
		{"SGR colours", "\x1b[1;31mred\x1b[0m", "red"},
		{"private CSI mode", "a\x1b[?1049hb", "ab"},
		{"CSI cut short by a newline", "\x1b[2\nx", " x"},
		{"ESC c full reset", "\x1bcname", "name"},
		{"ESC 7 save cursor", "a\x1b7b", "ab"},
		{"nF charset designation", "\x1b(0x\x1b(B", "x"},
		{"lone ESC at end", "name\x1b", "name"},
		{"ESC before ESC sequence", "\x1b\x1b[2Jx", "x"},
		{"ESC before non-ASCII", "\x1b日本", "日本"},
		{"DCS request status", "\x1bP$qm\x1b\\x", "x"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"PM and SOS", "a\x1b^pm\x1b\\b\x1bXsos\x1b\\c", "abc"},
		{"string aborted by CAN", "a\x1b]0;t\x18b", "ab"},
		{"8-bit CSI as a rune", "\u009b2Jname", "name"},
		{"8-bit OSC as a rune ended by 8-bit ST", "\u009d0;title\u009cname", "name"},
		{"8-bit DCS as a rune", "a\u0090q#0\u009cb", "ab"},
		{"8-bit APC PM SOS as runes", "a\u009fx\u009cb\u009ey\u009cc\u0098z\u009cd", "abcd"},
		{"other C1 dropped", "a\u0084b\u009cc", "abc"},
		{"NEL becomes a space", "a\u0085b", "a b"},
		{"raw 0x9b byte is invalid UTF-8", "\x9b2Jname", "\uFFFD2Jname"},
		{"invalid UTF-8 run becomes one U+FFFD", "a\xff\xfe\xfdb", "a\uFFFDb"},
		{"truncated UTF-8 at end", "ab\xe6\x97", "ab\uFFFD"},
		{"bidi override", "\u202Egnp.exe", "gnp.exe"},
		{"bidi isolates and marks", "a\u2066b\u2069c\u200Ed\u200Fe\u061Cf", "abcdef"},
		{"bidi embeddings", "\u202Aa\u202Bb\u202Cc\u202Dd", "abcd"},
		{"newline in a name", "ubuntu\n22.04", "ubuntu 22.04"},
		{"CRLF is two spaces", "a\r\nb", "a  b"},
		{"tab vt ff", "a\tb\vc\fd", "a b c d"},
		{"line and paragraph separators", "a\u2028b\u2029c", "a b c"},
		{"NUL BS and DEL", "a\x00b\x08c\x7fd", "abcd"},
		{"zero width space", "ub\u200Buntu", "ubuntu"},
		{"zero width non-joiner", "ub\u200Cuntu", "ubuntu"},
		{"ZWJ inside an ASCII word", "ub\u200Duntu", "ubuntu"},
		{"word joiner and BOM", "\uFEFFa\u2060b", "ab"},
		{"soft hyphen", "in\u00ADvisible", "invisible"},
		{"hangul filler", "a\u3164b", "ab"},
		{"Japanese", "日本語イメージ", "日本語イメージ"},
		{"emoji", "🚀 fast", "🚀 fast"},
		{"ZWJ family", "👩\u200D👩\u200D👧\u200D👦", "👩\u200D👩\u200D👧\u200D👦"},
		{"ZWJ profession with skin tone", "👩🏽\u200D💻", "👩🏽\u200D💻"},
		{"ZWJ after VS16", "❤\uFE0F\u200D🔥", "❤\uFE0F\u200D🔥"},
		{"doubled ZWJ keeps one", "👩\u200D\u200D💻", "👩\u200D💻"},
		{"trailing ZWJ", "👩\u200D", "👩"},
		{"ZWJ before ESC", "👩\u200D\x1b[0m💻", "👩💻"},
		{"flags", "🇯🇵🇩🇪", "🇯🇵🇩🇪"},
		{"tag sequence flag degrades to black flag", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "🏴"},
		{"unassigned tag and default-ignorable runes", "a\U000E0000b\u2065c\uFFF0d\U000E0FFFe", "abcde"},
		{"ideographic variation selector kept", "葛\U000E0100", "葛\U000E0100"},
		{"keycap", "1\uFE0F\u20E3", "1\uFE0F\u20E3"},
		{"combining accents", "Cafe\u0301 Ångstro\u0308m", "Cafe\u0301 Ångstro\u0308m"},
		{"Arabic", "أوبونتو", "أوبونتو"},
		{"Arabic number sign is Cf", "\u0600١", "١"},
		{"replacement char kept", "\uFFFD", "\uFFFD"},
		{"leading combining accent has no base", "\u0301abc", "abc"},
		{"leading marks after removed controls", "\x1b[0m\u0903\u0301abc", "abc"},
		{"leading skin tone modifier", "🏽x", "x"},
		{"skin tone modifier on an emoji is kept", "👍🏽", "👍🏽"},
		{"mark after a newline keeps its space", "a\n\u0301b", "a \u0301b"},
		{"Prepend letter dropped", "a\u0D4Eb", "ab"},
		{"ZWJ before a dropped Prepend", "日\u200D\u0D4E", "日"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%+q) = %+q, want %+q", tt.in, got, tt.want)
			}
			checkSanitized(t, tt.in, got)
		})
	}
}

func TestIsClean(t *testing.T) {
	for _, s := range []string{"", "ubuntu-22.04", "日本語", "👩\u200D💻", "Cafe\u0301"} {
		if !isClean(s) {
			t.Errorf("isClean(%+q) = false, want true", s)
		}
	}
	for _, s := range []string{"a\nb", "\x1b[2J", "\u202E", "a\u200Db", "\xff", "\u009b", "\x7f", "👩\u200D"} {
		if isClean(s) {
			t.Errorf("isClean(%+q) = true, want false", s)
		}
	}
}

// TestClusterTablesMatchSegmenter walks every rune and asks the segmenter
// that Width uses whether the rune would join a space before it or the
// text after it. Sanitize must never leave such a rune where it could.
func TestClusterTablesMatchSegmenter(t *testing.T) {
	if testing.Short() {
		t.Skip("walks all of Unicode")
	}
	joined := func(s string) bool {
		c, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		return len(c) == len(s)
	}
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff || classify(r) != keep {
			continue
		}
		if joined(" "+string(r)) && !attachesToPrevious(r) {
			t.Errorf("%U joins a space before it; add it to markRanges", r)
		}
		if joined(string(r)+"a") && !isPrepend(r) {
			t.Errorf("%U is Prepend; add it to prependRanges", r)
		}
	}
}

func TestSanitizeCleanDoesNotAllocate(t *testing.T) {
	for _, s := range []string{"ubuntu-22.04-cuda-12.2", "日本語イメージ 👩\u200D💻"} {
		if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
			t.Errorf("Sanitize(%+q) allocates %v times, want 0", s, n)
		}
	}
}

// checkSanitized asserts the invariants every Sanitize result must hold.
func checkSanitized(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("Sanitize(%+q) = %+q: invalid UTF-8", in, out)
	}
	for _, r := range out {
		if bad(r) {
			t.Errorf("Sanitize(%+q) = %+q: contains %U", in, out, r)
		}
	}
	if again := Sanitize(out); again != out {
		t.Errorf("not idempotent: Sanitize(%+q) = %+q, again %+q", in, out, again)
	}
	if !isClean(out) {
		t.Errorf("isClean(Sanitize(%+q)) = false", in)
	}
	if isClean(in) != (in == out) {
		t.Errorf("isClean(%+q) = %v but Sanitize changed it: %v", in, isClean(in), in != out)
	}
	if w, n := Width(out), utf8.RuneCountInString(in); w > 2*n {
		t.Errorf("Width(Sanitize(%+q)) = %d, more than twice the %d input runes", in, w, n)
	}
	// Tables put padding, separators and an ellipsis next to sanitised
	// text; the widths must add up across those seams.
	w := Width(out)
	for _, seam := range []struct{ joined, part string }{
		{" " + out, " "},
		{out + " ", " "},
		{out + Ellipsis, Ellipsis},
	} {
		if got, want := Width(seam.joined), w+Width(seam.part); got != want {
			t.Errorf("Width(%+q) = %d, want %d: a cluster spans the seam", seam.joined, got, want)
		}
	}
}

// bad reports runes that must never reach a terminal.
func bad(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r == 0x2028, r == 0x2029, r == 0xfeff, r == 0x200b, r == 0x00ad:
		return true
	case r >= 0xe0000 && r <= 0xe007f:
		return true
	}
	return false
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"ubuntu-22.04",
		"\x1b]52;c;Zm9v\x07",
		"\x1b[2J",
		"\u009b31m",
		"\u202Egnp.exe",
		"👩\u200D👩\u200D👧",
		"a\u200D\u200Db",
		"\xff\xfe",
		"\x1bP\x1b\\",
		"\u0301a",
		"a\u0D4E",
		"🏽",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSanitized(t, in, Sanitize(in))
	})
}

var (
	benchClean   = "ubuntu-22.04-nvidia-cuda-12.2-driver-535 EUC-DE-MUC-1"
	benchUnicode = "日本語イメージ Ubuntu 22.04 👩\u200D💻 Cafe\u0301"
	benchHostile = strings.Repeat("ubuntu\x1b]52;c;Y3VybCBldmlsLnNo\x07\x1b[2J\u202Egnp.exe\n\u009b31m", 4)
)

func BenchmarkSanitize(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"clean-ascii", benchClean},
		{"clean-unicode", benchUnicode},
		{"hostile", benchHostile},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.in)))
			for b.Loop() {
				_ = Sanitize(bc.in)
			}
		})
	}
}

// isClean reports whether Sanitize(s) == s, without allocating.
func isClean(s string) bool {
	i, _ := cleanPrefix(s)
	return i == len(s)
}
