package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/theme"
)

func TestLineWidthMatchesLipgloss(t *testing.T) {
	st := theme.New(true, true)
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
	for _, l := range lines {
		if got, want := lineWidth(l), lipgloss.Width(l); got != want {
			t.Errorf("lineWidth(%q) = %d, lipgloss.Width = %d", l, got, want)
		}
	}
}

func TestNarrowRunes(t *testing.T) {
	for r := rune(0x80); r < 0x3000; r++ {
		if !narrow(r) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r), string(r) + string(r) + "b"} {
			if got, want := lineWidth(s), lipgloss.Width(s); got != want {
				t.Errorf("lineWidth(%q) = %d, lipgloss.Width = %d", s, got, want)
			}
		}
	}
}

func TestPainterMatchesRender(t *testing.T) {
	for _, mode := range []struct{ dark, color bool }{{true, true}, {false, true}, {true, false}} {
		st := theme.New(mode.dark, mode.color)
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
		h.m.lines, h.m.helpMemo, h.m.previewMemo = lineCache{}, helpCache{}, previewCache{}
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
			st := theme.New(dark, color)
			for name, s := range map[string]lipgloss.Style{"Row": st.List.Row, "Dim": st.List.Dim} {
				if _, none := s.GetBackground().(lipgloss.NoColor); !none || s.GetReverse() || s.GetUnderline() || s.GetStrikethrough() {
					t.Errorf("dark=%v color=%v: List.%s shows on spaces; paint gaps in the row's style again (list.go)", dark, color, name)
				}
			}
		}
	}
}
