package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/theme"
)

// helpView is the full help of the view it was opened over: every key of
// that view, then the keys that work everywhere, laid out in as many
// columns as fit the width, as a page that scrolls when even one column
// is taller than the screen.
type helpView struct {
	title  string
	groups [][]key.Binding
	textPage
}

func newHelpView(title string, groups [][]key.Binding) helpView {
	return helpView{title: title, groups: groups, textPage: newTextPage()}
}

// SetSize lays the help out in a box of w×h, rendered with st.
func (hv *helpView) SetSize(w, h int, st *theme.Styles) {
	hv.st = st
	hv.page.SetHeight(h)
	hv.page.SetLines(helpLines(hv.title, hv.groups, w, st))
}

// helpEntry is one binding as the full help shows it.
type helpEntry struct{ key, desc string }

// The full help's margins: its indent, and the gap between its columns
// and between a key and what it does.
const (
	helpIndent = 2
	helpGap    = 4
	helpKeyGap = 2
)

// helpLines renders the title, wrapped, then groups of bindings (unbound
// keys left out), key then what it does, a blank line between groups.
// The groups are laid out in order down as many columns as fit width,
// the columns as even in height as the groups allow; in one column, a
// key or a description too wide for the screen is cut with an ellipsis.
func helpLines(title string, groups [][]key.Binding, width int, st *theme.Styles) []string {
	var blocks [][]helpEntry
	for _, g := range groups {
		var b []helpEntry
		for _, bd := range g {
			if bd.Enabled() {
				b = append(b, helpEntry{bd.Help().Key, bd.Help().Desc})
			}
		}
		if len(b) > 0 {
			blocks = append(blocks, b)
		}
	}
	var out []string
	for _, l := range strings.Split(ansi.Wordwrap(title, max(width-helpIndent, 8), " "), "\n") {
		out = append(out, strings.Repeat(" ", helpIndent)+st.Detail.Title.Render(l))
	}
	cols := helpColumns(blocks, width)
	cells := make([][]string, len(cols))
	rows := 0
	for i, c := range cols {
		cells[i] = c.lines(st)
		rows = max(rows, len(cells[i]))
	}
	for r := range rows {
		var b strings.Builder
		b.WriteString(strings.Repeat(" ", helpIndent))
		for i, c := range cols {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", helpGap))
			}
			if r < len(cells[i]) {
				b.WriteString(cells[i][r])
			} else {
				b.WriteString(strings.Repeat(" ", c.width()))
			}
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// helpColumn is a run of groups shown one under the other, keys keyW
// wide and descriptions descW.
type helpColumn struct {
	blocks      [][]helpEntry
	keyW, descW int
}

func (c helpColumn) width() int { return c.keyW + helpKeyGap + c.descW }

// lines renders the column: a blank line before every group but the
// first, every line as wide as the column, so the next one lines up.
func (c helpColumn) lines(st *theme.Styles) []string {
	var out []string
	for i, b := range c.blocks {
		if i > 0 {
			out = append(out, strings.Repeat(" ", c.width()))
		}
		for _, e := range b {
			k := text.PadRight(text.Truncate(e.key, c.keyW), c.keyW)
			d := text.PadRight(text.Truncate(e.desc, c.descW), c.descW)
			out = append(out, st.Help.FullKey.Render(k)+strings.Repeat(" ", helpKeyGap)+st.Help.FullDesc.Render(d))
		}
	}
	return out
}

// helpColumns lays blocks out in the most columns that fit width: each
// count of columns from the most is tried with the blocks split, in
// order, so that the tallest column is as short as it can be.
func helpColumns(blocks [][]helpEntry, width int) []helpColumn {
	for n := len(blocks); n > 1; n-- {
		cols := balance(blocks, n)
		used := helpIndent - helpGap
		for i := range cols {
			cols[i].fit()
			used += cols[i].width() + helpGap
		}
		if used <= width {
			return cols
		}
	}
	// One column: the keys take what they need up to a third of the
	// width, the descriptions the rest.
	c := helpColumn{blocks: blocks}
	c.fit()
	c.keyW = min(c.keyW, max(width/3, 6))
	c.descW = max(min(c.descW, width-helpIndent-c.keyW-helpKeyGap), 4)
	return []helpColumn{c}
}

// fit makes the column as wide as its widest key and description.
func (c *helpColumn) fit() {
	for _, b := range c.blocks {
		for _, e := range b {
			c.keyW = max(c.keyW, text.Width(e.key))
			c.descW = max(c.descW, text.Width(e.desc))
		}
	}
}

// balance splits blocks, in order, into n columns, choosing the split
// whose tallest column is shortest (blank lines between groups count).
// There are a handful of groups, so every split is tried.
func balance(blocks [][]helpEntry, n int) []helpColumn {
	height := func(bs [][]helpEntry) int {
		h := max(len(bs)-1, 0)
		for _, b := range bs {
			h += len(b)
		}
		return h
	}
	var best []int // the index each column after the first starts at
	bestH := -1
	var try func(start, left int, cuts []int)
	try = func(start, left int, cuts []int) {
		if left == 1 {
			h, prev := 0, 0
			for _, c := range append(cuts, len(blocks)) {
				h = max(h, height(blocks[prev:c]))
				prev = c
			}
			if bestH < 0 || h < bestH {
				best, bestH = slices.Clone(cuts), h
			}
			return
		}
		for c := start + 1; c <= len(blocks)-left+1; c++ {
			try(c, left-1, append(cuts, c))
		}
	}
	try(0, n, nil)
	cols := make([]helpColumn, 0, n)
	prev := 0
	for _, c := range append(best, len(blocks)) {
		cols = append(cols, helpColumn{blocks: blocks[prev:c]})
		prev = c
	}
	return cols
}

// viewNames title each view's full help.
var viewNames = map[focus]string{
	focusList:   "the image list",
	focusFilter: "the filter prompt (other keys type into it)",
	focusPicker: "the region picker",
	focusDetail: "the detail view",
	focusMenu:   "the copy menu",
	focusNotice: "the not-copied box",
}

// fullHelp is what the full help of view f lists: in pick mode pick's
// keys first (they go before the view's own), then the view's, then the
// global keys.
func (m *Model) fullHelp(f focus) (title string, groups [][]key.Binding) {
	k := m.keys
	pick := []key.Binding{k.Pick.Accept, k.Pick.ChooseAs, k.Pick.Cancel}
	switch f {
	case focusFilter:
		groups = k.Filter.FullHelp()
		pick = []key.Binding{k.Pick.Accept, k.Pick.Cancel}
	case focusPicker:
		groups = k.Picker.FullHelp()
		pick = nil
	case focusDetail:
		groups = k.Detail.FullHelp()
		pick = pick[:2] // esc goes back from the detail view
	case focusMenu:
		groups = k.Menu.FullHelp()
		pick = nil
	case focusNotice:
		groups = k.Notice.FullHelp()
		pick = nil
	default:
		groups = k.List.FullHelp()
	}
	if m.opts.Pick && pick != nil {
		groups = append([][]key.Binding{pick}, groups...)
	}
	groups = append(slices.Clone(groups), []key.Binding{k.Global.Help, k.Global.ForceQuit})
	mode := "Keys in "
	if m.opts.Pick {
		mode = "gcimg pick: keys in "
	}
	return mode + viewNames[f], groups
}

// shortHelp is the one line of help at the bottom of view f, most
// wanted first; helpLine adds the help key's.
func (m *Model) shortHelp(f focus) []key.Binding {
	k := m.keys
	switch f {
	case focusFilter:
		if m.opts.Pick {
			return []key.Binding{k.Pick.Accept, k.Pick.Cancel, k.Filter.Up, k.Filter.Down}
		}
		return k.Filter.ShortHelp()
	case focusPicker:
		return k.Picker.ShortHelp()
	case focusDetail:
		if m.opts.Pick {
			d := k.Detail
			return []key.Binding{k.Pick.Accept, k.Pick.ChooseAs, d.Back, d.Next, d.Prev, d.Down, d.Up}
		}
		return k.Detail.ShortHelp()
	case focusMenu:
		return k.Menu.ShortHelp()
	case focusHelp:
		return k.Help.ShortHelp()
	case focusNotice:
		return k.Notice.ShortHelp()
	}
	if m.opts.Pick {
		// enter chooses here; the detail view is on its other keys.
		l := k.List
		return []key.Binding{k.Pick.Accept, k.Pick.ChooseAs, k.Pick.Cancel, l.Down, l.NextTab, l.Filter, l.Region}
	}
	return k.List.ShortHelp()
}
