package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/theme"
)

func TestWidthMatchesLipgloss(t *testing.T) {
	st := theme.New(true, true, colorprofile.Unknown)
	lines := []string{
		"",
		"plain ascii",
		st.List.Row.Render("row") + st.List.Match.Render("m") + "  tail",
		st.List.Cursor.Render("▌") + st.List.Selected.Render(" selected"),
		"日本語 wide",
		"emoji 🚀 x",
		"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
		"\x1b[38;2;1;2;3mtruecolor\x1b[m",
		"broken \x1b[",
		"tab\there",
		"two\nlines",
		"▌ Ubuntu · 24.04 │ x … ─ é",
		"e\u0301 combining",
		"\u00ad soft hyphen",
		"✓ check",
	}
	var memo widthMemo
	for range 2 { // measured, then remembered
		for _, l := range lines {
			if got, want := memo.width(l), lipgloss.Width(l); got != want {
				t.Errorf("width(%q) = %d, lipgloss.Width = %d", l, got, want)
			}
		}
		memo.frame()
	}
}

func TestNarrowRunes(t *testing.T) {
	for r := rune(0x80); r < 0x3000; r++ {
		if !narrow(r) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r), string(r) + string(r) + "b"} {
			if got, ok := countWidth(s); !ok || got != lipgloss.Width(s) {
				t.Errorf("countWidth(%q) = %d, %v; lipgloss.Width = %d", s, got, ok, lipgloss.Width(s))
			}
		}
	}
}

func TestPainterMatchesRender(t *testing.T) {
	for _, mode := range []struct {
		dark, color bool
		cp          colorprofile.Profile
	}{{true, true, colorprofile.Unknown}, {false, true, colorprofile.Unknown}, {true, false, colorprofile.Unknown}, {true, true, colorprofile.ANSI256}} {
		st := theme.New(mode.dark, mode.color, mode.cp)
		l := st.List
		for name, s := range map[string]lipgloss.Style{
			"row": l.Row, "selected": l.Selected, "dim": l.Dim, "match": l.Match,
			"selected match": l.SelectedMatch, "cursor": l.Cursor,
			"padded": l.Row.Padding(0, 1), "width": l.Row.Width(10),
		} {
			p := newPainter(s)
			for _, text := range []string{"", "x", "Ubuntu 24.04 ", "日本", "  ", "a\tb"} {
				if got, want := p.Render(text), s.Render(text); got != want {
					t.Errorf("%v %s: Render(%q) = %q, want %q", mode, name, text, got, want)
				}
			}
		}
	}
}

// TestCachedRenderingMatchesFresh drives the model through what changes
// rows (cursor, paging, filter, resize, theme, tab, time) and checks after
// every step that the screen is the one rendered with empty caches.
func TestCachedRenderingMatchesFresh(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	// Auto, so that the "light" step below changes the styles (the
	// harness pins Dark, which a background colour does not change).
	h := newHarness(t, fakeapi.Generate(700, 3), 120, 30, withTheme(theme.Auto))
	h.m.now = func() time.Time { return now }
	check := func(step string) {
		t.Helper()
		cached := h.m.View().Content
		h.m.lines, h.m.helpMemo, h.m.previewMemo, h.m.headerMemo, h.m.widths = lineCache{}, helpCache{}, previewCache{}, headerCache{}, widthMemo{}
		if fresh := h.m.View().Content; cached != fresh {
			t.Fatalf("%s: the cached screen differs from a fresh render", step)
		}
		h.m.View() // warm the caches again for the next step
	}
	check("start")
	steps := []struct {
		name string
		do   func()
	}{
		{"down", func() { h.key("down") }},
		{"page down", func() { h.key("pgdown") }},
		{"end", func() { h.key("end") }},
		{"home", func() { h.key("home") }},
		{"filter", func() { h.key("/"); h.typeText("ubu") }},
		{"down in filter", func() { h.key("down") }},
		{"keep filter", func() { h.key("enter") }},
		{"narrower", func() { h.send(tea.WindowSizeMsg{Width: 70, Height: 30}) }},
		{"wider, beside the preview", func() { h.send(tea.WindowSizeMsg{Width: 160, Height: 40}) }},
		{"down beside the preview", func() { h.key("down") }},
		{"preview off", func() { h.key("p") }},
		{"preview on", func() { h.key("p") }},
		{"light", func() { h.send(tea.BackgroundColorMsg{Color: lipgloss.Color("#ffffff")}) }},
		{"tab", func() { h.key("tab") }},
		{"back", func() { h.key("shift+tab") }},
		{"a year later", func() { now = now.AddDate(1, 0, 0) }},
		{"a minute later", func() { now = now.Add(time.Minute) }},
		{"help", func() { h.key("?") }},
		{"clear", func() { h.key("esc") }},
	}
	for i, s := range steps {
		s.do()
		check(fmt.Sprintf("step %d (%s)", i, s.name))
	}
}

// TestRowGapsLookAlike: renderRow paints the gap before each column in
// that column's style rather than the row's, which saves the terminal a
// style change per column and is invisible only while spaces look the
// same in both: neither style may have a background or an attribute that
// shows on a space.
func TestRowGapsLookAlike(t *testing.T) {
	for _, dark := range []bool{true, false} {
		for _, color := range []bool{true, false} {
			st := theme.New(dark, color, colorprofile.Unknown)
			for name, s := range map[string]lipgloss.Style{"Row": st.List.Row, "Dim": st.List.Dim} {
				if _, none := s.GetBackground().(lipgloss.NoColor); !none || s.GetReverse() || s.GetUnderline() || s.GetStrikethrough() {
					t.Errorf("dark=%v color=%v: List.%s shows on spaces; paint gaps in the row's style again (list.go)", dark, color, name)
				}
			}
		}
	}
}

func TestJoinRuns(t *testing.T) {
	const red, bold = "\x1b[31m", "\x1b[1m"
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{red + "ab" + sgrReset + red + "cd" + sgrReset, red + "abcd" + sgrReset},
		{red + "a " + sgrReset + red + " b" + sgrReset + red + "c" + sgrReset, red + "a  bc" + sgrReset},
		// Stacked sequences are joined only when all of them come again.
		{bold + red + "ab" + sgrReset + bold + red + "cd" + sgrReset, bold + red + "abcd" + sgrReset},
		{bold + red + "ab" + sgrReset + red + "cd" + sgrReset, bold + red + "ab" + sgrReset + red + "cd" + sgrReset},
		// Another style, or none, after the reset.
		{red + "ab" + sgrReset + bold + "cd" + sgrReset, red + "ab" + sgrReset + bold + "cd" + sgrReset},
		{red + "ab" + sgrReset + "cd", red + "ab" + sgrReset + "cd"},
		// Sequences with no text between them act as their last reset
		// and what follows it.
		{"0" + bold + red + sgrReset + bold + red + sgrReset + bold + red + "0", "0" + bold + red + "0"},
		{red + "ab" + sgrReset + red + sgrReset + red + "cd" + sgrReset, red + "abcd" + sgrReset},
		{red + "ab" + sgrReset + bold + sgrReset + "cd", red + "ab" + sgrReset + "cd"},
		// Only between two printable ASCII characters: a sequence can end
		// a grapheme cluster, and these are two regional indicators, not
		// the flag they would make together.
		{red + "🇩" + sgrReset + red + "🇪" + sgrReset, red + "🇩" + sgrReset + red + "🇪" + sgrReset},
		{red + "a" + sgrReset + red + "\u0301" + sgrReset, red + "a" + sgrReset + red + "\u0301" + sgrReset},
		{red + "é" + sgrReset + red + "x" + sgrReset, red + "é" + sgrReset + red + "x" + sgrReset},
		// Anything but SGR and sanitised text leaves the line alone: a raw
		// C1 byte (0x98 opens a string) or a control character.
		{red + "\x980" + sgrReset + red + "0", red + "\x980" + sgrReset + red + "0"},
		{red + "a" + sgrReset + red + "b\x7f", red + "a" + sgrReset + red + "b\x7f"},
		{red + "a\u0090b" + sgrReset + red + "c", red + "a\u0090b" + sgrReset + red + "c"},
		{red + "a\tb" + sgrReset + red + "c", red + "a\tb" + sgrReset + red + "c"},
		// Anything but SGR leaves the line alone.
		{red + "a" + sgrReset + "\x1b]8;;http://x\x1b\\" + red + "b" + sgrReset, red + "a" + sgrReset + "\x1b]8;;http://x\x1b\\" + red + "b" + sgrReset},
	} {
		if got := joinRuns(c.in); got != c.want {
			t.Errorf("joinRuns(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// screenOf is what Bubble Tea's renderer makes of line: its cells, as it
// parses every frame.
func screenOf(line string, w int) uv.ScreenBuffer {
	buf := uv.NewScreenBuffer(w, 1)
	uv.NewStyledString(line).Draw(buf, buf.Bounds())
	return buf
}

// FuzzJoinRuns: joining runs never changes a cell (its content, width and
// style), never lengthens a line, and a joined line has nothing left to
// join. Seeded with rows as the list renders them.
func FuzzJoinRuns(f *testing.F) {
	m := newBenchModel(newBenchLister(fakeapi.Generate(300, 5)))
	for _, k := range []string{"down", "/", "u", "b", "u"} {
		for _, l := range strings.Split(m.View().Content, "\n") {
			f.Add(l)
		}
		benchPress(m, k)
	}
	f.Add("\x1b[31ma\x1b[m\x1b[31m\u0301\x1b[m")
	f.Add("\x1b[31m🇩\x1b[m\x1b[31m🇪\x1b[m")
	f.Add("\x1b[1;31m\x1b[m\x1b[1;31m  \x1b[m\x1b[1;31mx")
	f.Fuzz(func(t *testing.T, line string) {
		if manyParams(line) {
			t.Skip()
		}
		got := joinRuns(line)
		if len(got) > len(line) {
			t.Fatalf("joinRuns(%q) = %q: longer", line, got)
		}
		if again := joinRuns(got); again != got {
			t.Fatalf("joinRuns(%q) = %q, and again %q", line, got, again)
		}
		const w = 160
		a, b := screenOf(line, w), screenOf(got, w)
		for x := range w {
			ca, cb := a.CellAt(x, 0), b.CellAt(x, 0)
			if (ca == nil) != (cb == nil) || ca != nil && !ca.Equal(cb) {
				t.Fatalf("joinRuns(%q) = %q: cell %d was %+v, is %+v", line, got, x, ca, cb)
			}
		}
	})
}

// manyParams reports a CSI sequence with more parameters than a style has:
// x/ansi's parser holds 32, and panics past that (a bug of its own that
// no line gcimg renders can reach, since sanitised text holds no escape).
func manyParams(s string) bool {
	for _, seq := range strings.Split(s, "\x1b[")[1:] {
		end := strings.IndexFunc(seq, func(r rune) bool { return r >= 0x40 && r <= 0x7e })
		if end < 0 {
			end = len(seq)
		}
		if strings.Count(seq[:end], ";")+strings.Count(seq[:end], ":") > 16 {
			return true
		}
	}
	return false
}
