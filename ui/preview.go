package ui

import (
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// previewView is the preview pane, w cells wide and h high: a border,
// then the detail of the image under the list's cursor, as the detail
// view renders it (detailLines), so its ID, slug and config lines show
// in full, wrapped, never cut. It follows the cursor; it has no state
// of its own but its cache. When the image's lines do not all fit, the
// last row says how many more there are and which key shows them.
func (m *Model) previewView(w, h int) []string {
	r := m.cur().cursorRow()
	if r == nil {
		return m.previewMemo.blank(m, h)
	}
	return m.previewMemo.get(m, r.E, w, h)
}

// previewCache keeps the preview's lines of one image, as drawn: a
// cursor move renders one image, and a frame that moves nothing renders
// none.
type previewCache struct {
	key   previewKey
	lines []string
}

// previewKey is what the preview's lines depend on: the image (and its
// Image, which a later listing may replace with one that says more), the
// pane's size, the theme, and the minute relative dates are counted
// from. e is nil for the pane with no image.
type previewKey struct {
	e      *catalog.Entry
	im     *api.Image
	width  int
	height int
	dark   bool
	mode   theme.Mode
	minute time.Time
}

// get returns e's pane, w×h, rendering it on a miss.
func (c *previewCache) get(m *Model, e *catalog.Entry, w, h int) []string {
	k := previewKey{e: e, im: e.Image, width: w, height: h, dark: m.dark, mode: m.opts.Theme, minute: m.now().Truncate(time.Minute)}
	if c.lines != nil && c.key == k {
		return c.lines
	}
	lines := detailLines(e, refs.All(e.Image), false, w, m.paint, k.minute)
	if len(lines) > h {
		more := fmt.Sprintf("  ↓ %d more lines", len(lines)-h+1) + hint(m.detailKey(), " · %s shows them")
		lines = append(lines[:h-1:h-1], m.paint.Dim.Render(more))
	}
	c.key, c.lines = k, c.border(m, lines, h)
	return c.lines
}

// blank is the pane with no image under the cursor (an empty list).
func (c *previewCache) blank(m *Model, h int) []string {
	k := previewKey{height: h, dark: m.dark, mode: m.opts.Theme}
	if c.lines == nil || c.key != k {
		c.key, c.lines = k, c.border(m, nil, h)
	}
	return c.lines
}

// border puts the pane's border before each line, h of them.
func (c *previewCache) border(m *Model, lines []string, h int) []string {
	b := m.styles.Border.Render("│") + " "
	out := make([]string, h)
	for i := range out {
		out[i] = b
		if i < len(lines) {
			out[i] += lines[i]
		}
	}
	return out
}

// detailKey is the binding that opens the detail view from the list, as
// it works there: in pick mode without the keys that choose instead.
func (m *Model) detailKey() key.Binding {
	b := m.keys.List.Detail
	if !m.opts.Pick {
		return b
	}
	keys := slices.DeleteFunc(slices.Clone(b.Keys()), func(k string) bool { return slices.Contains(m.keys.Pick.Accept.Keys(), k) })
	if len(keys) == 0 {
		return key.NewBinding(key.WithDisabled())
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keymap.HelpKeys(keys), b.Help().Desc))
}
