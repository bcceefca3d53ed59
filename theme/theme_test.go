package theme

import (
	"image/color"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// luminance is the WCAG relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestContrast checks that the selected row and the match highlight are
// readable on both backgrounds: WCAG AA (4.5:1) for text on the selection
// and on a typical terminal background, 3:1 for the dim and accent colours.
func TestContrast(t *testing.T) {
	backgrounds := map[bool]color.Color{
		true:  color.RGBA{0x0d, 0x11, 0x17, 0xff}, // a dark terminal
		false: color.RGBA{0xff, 0xff, 0xff, 0xff}, // a light terminal
	}
	for _, dark := range []bool{true, false} {
		p := newPalette(dark, colorprofile.TrueColor)
		bg := backgrounds[dark]
		checks := []struct {
			name   string
			fg, bg color.Color
			min    float64
		}{
			{"text", p.fg, bg, 7},
			{"selected row", p.selFg, p.selBg, 4.5},
			{"match", p.match, bg, 4.5},
			{"match on the selected row", p.match, p.selBg, 3},
			{"error", p.errc, bg, 4.5},
			{"warning", p.warn, bg, 4.5},
			{"warning on the selected row", p.warn, p.selBg, 3},
			{"dim", p.dim, bg, 4.5},
			{"accent", p.accent, bg, 4.5},
			{"faint", p.faint, bg, 3},
		}
		for _, c := range checks {
			if got := contrast(c.fg, c.bg); got < c.min {
				t.Errorf("dark=%v %s: contrast %.2f:1, want at least %.1f:1", dark, c.name, got, c.min)
			}
		}
	}
}

func TestNoColorEnv(t *testing.T) {
	for v, want := range map[string]bool{"": false, "1": true, "yes": true, "0": true, "false": true} {
		if got := NoColorEnv(func(string) string { return v }); got != want {
			t.Errorf("NO_COLOR=%q: %v, want %v (any non-empty value turns colour off)", v, got, want)
		}
	}
}

func TestPlainStylesHaveNoColour(t *testing.T) {
	st := New(true, false, colorprofile.TrueColor)
	if st.Color {
		t.Fatal("plain styles claim colour")
	}
	out := st.List.Selected.Render("x") + st.List.Match.Render("y") + st.Error.Render("z")
	for _, bad := range []string{"38;", "48;"} {
		if strings.Contains(out, bad) {
			t.Fatalf("plain styles emit colour %q: %q", bad, out)
		}
	}
}

// TestPaletteInProfile: for a 16- or 256-colour terminal every colour of
// the palette is already the one Bubble Tea's renderer would turn it into
// (so that it has nothing left to convert), and any other profile keeps
// the true colours.
func TestPaletteInProfile(t *testing.T) {
	colours := func(p palette) []color.Color {
		out := []color.Color{p.fg, p.dim, p.faint, p.accent, p.match, p.errc, p.ok, p.warn, p.selBg, p.selFg, p.border}
		if n := reflect.TypeFor[palette]().NumField(); len(out) != n {
			t.Fatalf("the test lists %d colours of the palette's %d", len(out), n)
		}
		return out
	}
	for _, dark := range []bool{true, false} {
		truth := colours(newPalette(dark, colorprofile.Unknown))
		for _, cp := range []colorprofile.Profile{colorprofile.Unknown, colorprofile.NoTTY, colorprofile.ASCII, colorprofile.ANSI, colorprofile.ANSI256, colorprofile.TrueColor} {
			for i, got := range colours(newPalette(dark, cp)) {
				want := truth[i]
				switch cp {
				case colorprofile.ANSI, colorprofile.ANSI256:
					want = cp.Convert(truth[i])
				}
				if got != want {
					t.Errorf("dark=%v %v: colour %d is %v, want %v", dark, cp, i, got, want)
				}
			}
		}
	}
}
