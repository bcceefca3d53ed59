package ui

import (
	"bytes"
	"testing"
	"time"

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

// evictSink is memory BenchmarkCursorCold walks between moves.
var evictSink []byte

// BenchmarkCursorCold is a cursor move at 100k images after the CPU's
// caches have been filled with something else, as they are after a pause
// of the user's in the running program: there the same Update and View
// took 0.3–0.4 ms (a trace of Bubble Tea's event loop, bench/LATENCY.md)
// against BenchmarkCursor's 0.05–0.08 ms back to back. Each move is
// preceded, off the clock, by a walk over 32 MiB; µs-update and µs-view
// split the time.
func BenchmarkCursorCold(b *testing.B) {
	const n = 100_000
	m := newBenchModel(newBenchLister(fakeapi.Generate(n, benchSeed)))
	benchLoad(b, m, catalog.TabAll, n+1)
	m.View()
	evictSink = make([]byte, 32<<20)
	keys := [2]string{"down", "up"}
	var update, view time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		for j := 0; j < len(evictSink); j += 64 {
			evictSink[j]++
		}
		b.StartTimer()
		t0 := time.Now()
		_, cmd := m.Update(keyMsg(keys[i%2]))
		benchRun(m, cmd, nil)
		t1 := time.Now()
		m.View()
		view += time.Since(t1)
		update += t1.Sub(t0)
	}
	b.ReportMetric(float64(update.Microseconds())/float64(b.N), "µs-update")
	b.ReportMetric(float64(view.Microseconds())/float64(b.N), "µs-view")
}
