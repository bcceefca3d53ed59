package ui

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// TestThemeInTerminalProfile: in a 256-colour terminal the theme is built
// in the terminal's colours and Bubble Tea's renderer told to pass colours
// through as they are (runProgram). The terminal must receive, byte for
// byte, what it did when the renderer converted the true-colour theme
// itself, on every golden screen: no style may keep a true colour, and
// none may come out as another colour.
func TestThemeInTerminalProfile(t *testing.T) {
	for _, c := range goldenCases() {
		t.Run(c.name, func(t *testing.T) {
			converted := c.screen(t, withOpts(func(o *Options) { o.Profile = colorprofile.ANSI256 }))
			want := terminalBytes(c.screen(t), c.w, c.h, colorprofile.ANSI256)
			if got := terminalBytes(converted, c.w, c.h, colorprofile.TrueColor); got != want {
				t.Errorf("the terminal receives\n%q\nwant (the renderer converting)\n%q", got, want)
			}
		})
	}
}

// terminalBytes is what Bubble Tea's renderer writes to draw view on a
// blank w×h screen, converting colours to profile cp as the program tells
// it to.
func terminalBytes(view string, w, h int, cp colorprofile.Profile) string {
	var out bytes.Buffer
	scr := uv.NewTerminalRenderer(&out, []string{"TERM=xterm-256color"})
	scr.SetColorProfile(cp)
	scr.SetFullscreen(true)
	scr.Resize(w, h)
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(view).Draw(buf, buf.Bounds())
	scr.Render(buf.RenderBuffer)
	_ = scr.Flush()
	return out.String()
}
