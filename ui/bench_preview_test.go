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
					bn := bounce{fwd: mv.fwd, back: mv.back}
					for b.Loop() {
						bn.press(m, n)
					}
				})
			}
		}
	}
}

// bounce presses fwd until the cursor is on the last of n rows, then back
// until it is on the first, and so on, so that every press moves it.
type bounce struct {
	fwd, back string
	backing   bool
}

func (bn *bounce) press(m *Model, n int) {
	key := bn.fwd
	if bn.backing {
		key = bn.back
	}
	benchPress(m, key)
	if at := m.cur().list.Cursor(); !bn.backing && at == n-1 || bn.backing && at == 0 {
		bn.backing = !bn.backing
	}
}
