package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkCursorPreview is BenchmarkCursor's down and page down with
// the preview beside the list (180 columns): each move renders the one
// image it reaches in the preview, besides the rows whose selection
// changed.
func BenchmarkCursorPreview(b *testing.B) {
	for _, n := range benchSizes {
		for _, mv := range []struct{ fwd, back string }{{"down", "up"}, {"pgdown", "pgup"}} {
			b.Run(fmt.Sprintf("%s/%s/gcimg", sizeName(n), mv.fwd), func(b *testing.B) {
				m := benchLoaded(b, n)
				m.Update(tea.WindowSizeMsg{Width: 180, Height: benchH})
				if _, pane := m.panes(); pane == 0 {
					b.Fatal("no preview at 180 columns")
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
