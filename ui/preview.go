package ui

import (
	"fmt"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// previewView is the preview pane, w cells wide and h high: a border,
// then the detail of the image under the list's cursor, as the detail
// view renders it (detailLines), so its ID, slug and config lines show
// in full, wrapped, never cut. It follows the cursor; it has no state
// of its own. When the image's lines do not all fit, the last row says
// how many more there are and which key shows them.
func (m *Model) previewView(w, h int) []string {
	border := m.styles.Border.Render("│") + " "
	out := make([]string, 0, h)
	var lines []string
	if r := m.cur().cursorRow(); r != nil {
		lines = m.previewMemo.get(m, r.E, w)
	}
	if len(lines) > h {
		more := fmt.Sprintf("  ↓ %d more lines", len(lines)-h+1) + hint(m.keys.List.Detail, " · %s shows them")
		lines = append(lines[:h-1:h-1], m.styles.Detail.Dim.Render(more))
	}
	for _, l := range lines {
		out = append(out, border+l)
	}
	for len(out) < h {
		out = append(out, border)
	}
	return out
}

// previewCache keeps the preview's lines of one image: a cursor move
// renders one image, and a frame that moves nothing renders none.
type previewCache struct {
	key   previewKey
	lines []string
}

// previewKey is what the preview's lines depend on: the image (and its
// Image, which a later listing may replace with one that says more), the
// width, the theme, and the minute relative dates are counted from.
type previewKey struct {
	e      *catalog.Entry
	im     *api.Image
	width  int
	dark   bool
	mode   theme.Mode
	minute time.Time
}

// get returns e's lines for a pane w wide, rendering them on a miss.
func (c *previewCache) get(m *Model, e *catalog.Entry, w int) []string {
	k := previewKey{e: e, im: e.Image, width: w, dark: m.dark, mode: m.opts.Theme, minute: m.now().Truncate(time.Minute)}
	if c.lines == nil || c.key != k {
		c.key = k
		c.lines = detailLines(e, refs.All(e.Image), false, w, m.paint, k.minute)
	}
	return c.lines
}
