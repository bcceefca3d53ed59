package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

// BenchmarkCursorPreview is BenchmarkCursor's down and page down at 180
// columns, with the preview beside the list ("split": each move renders
// the one image it reaches, besides the rows whose selection changed)
// and without it ("list"), so the two differ only in the preview.
func BenchmarkCursorPreview(b *testing.B) {
	for _, n := range benchSizes {
		for _, mode := range []layout.Mode{layout.Split, layout.List} {
			for _, mv := range []struct{ fwd, back string }{{"down", "up"}, {"pgdown", "pgup"}} {
				b.Run(fmt.Sprintf("%s/%s/%s/gcimg", sizeName(n), mode, mv.fwd), func(b *testing.B) {
					m := benchLoaded(b, n)
					m.layout = mode
					m.Update(tea.WindowSizeMsg{Width: 180, Height: benchH})
					if _, pane := m.panes(); (pane > 0) != (mode == layout.Split) {
						b.Fatalf("%s at 180 columns: preview %d wide", mode, pane)
					}
					m.View()
					key, fwd := mv.fwd, true
					for b.Loop() {
						benchPress(m, key)
						at := m.cur().list.Cursor()
						if fwd && at == n-1 || !fwd && at == 0 {
							fwd = !fwd
							key = map[bool]string{true: mv.fwd, false: mv.back}[fwd]
						}
					}
				})
			}
		}
	}
}
