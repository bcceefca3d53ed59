package ui

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// BenchmarkCursorFrame is what Bubble Tea's renderer does with the view
// of a cursor move at 100k images, in a 256-colour terminal as the
// program sets it up (runProgram): parse the view into cells, diff them
// against the screen and write the difference. B/frame is what reaches
// the terminal. The other benchmarks stop at View; a user also waits for
// this, and for the frame clock, the pty and the terminal
// (bench/LATENCY.md).
func BenchmarkCursorFrame(b *testing.B) {
	const n = 100_000
	m := newBenchModel(newBenchLister(fakeapi.Generate(n, benchSeed)), func(o *Options) { o.Profile = colorprofile.ANSI256 })
	benchLoad(b, m, catalog.TabAll, n+1)
	views := [2]string{m.View().Content}
	benchPress(m, "down")
	views[1] = m.View().Content

	var out bytes.Buffer
	scr := uv.NewTerminalRenderer(&out, []string{"TERM=xterm-256color"})
	scr.SetColorProfile(colorprofile.TrueColor) // the theme is in the terminal's colours already
	scr.SetFullscreen(true)
	scr.Resize(benchW, benchH)
	sb := uv.NewScreenBuffer(benchW, benchH)
	frame := func(view string) {
		sb.Clear()
		uv.NewStyledString(view).Draw(&sb, sb.Bounds())
		scr.Render(sb.RenderBuffer)
		if err := scr.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	frame(views[0]) // the first frame paints everything
	out.Reset()
	frames := 0
	for b.Loop() {
		frames++
		frame(views[frames&1])
	}
	b.ReportMetric(float64(out.Len())/float64(frames), "B/frame")
}
