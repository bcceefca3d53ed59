package ui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
)

// scrollList is a window of height rows over n items with a cursor that is
// always inside both. It is the one scrolling list of the UI: the image
// list, the region picker and the copy menu move its cursor, and the
// window follows; a page of text (pager: the detail view, the help, the
// not-copied box) has no cursor of its own, and the keys move the window.
// It knows nothing of what the items are.
type scrollList struct {
	n, height      int
	cursor, offset int
	// tail is the number of rows drawn after the last item (the image
	// list's loading, end or error lines): with the cursor on the last
	// item, as many of them as fit come into view below it.
	tail  int
	page  bool // a page of text: the cursor is the window's first row
	wheel int  // rows a notch of the mouse wheel moves; 0 means 1
}

// SetHeight sets the number of rows on screen (at least one).
func (l *scrollList) SetHeight(h int) {
	l.height = max(h, 1)
	l.fit()
}

// SetLen sets the number of items.
func (l *scrollList) SetLen(n int) {
	l.n = n
	l.fit()
}

// SetTail sets the number of rows drawn after the last item.
func (l *scrollList) SetTail(t int) {
	l.tail = t
	l.fit()
}

// Select puts the cursor on item i (clamped) and scrolls it into view.
func (l *scrollList) Select(i int) {
	if l.page {
		l.offset = i
	}
	l.cursor = i
	l.fit()
}

// Move moves the cursor, or a page's window, by d rows.
func (l *scrollList) Move(d int) { l.Select(l.cursor + d) }

// Cursor is the item under the cursor (0 when there are none).
func (l scrollList) Cursor() int { return l.cursor }

// Visible is the window: items from to to-1 are on screen.
func (l scrollList) Visible() (from, to int) { return l.offset, min(l.offset+l.height, l.n) }

// At is the item drawn on row row of the window (0 is its first row),
// if any: how a click finds the item under it.
func (l scrollList) At(row int) (int, bool) {
	from, to := l.Visible()
	if row < 0 || from+row >= to {
		return 0, false
	}
	return from + row, true
}

// Update moves for the scroll keys in k and the mouse wheel, and reports
// whether msg was one of them.
func (l *scrollList) Update(msg tea.Msg, k keymap.ScrollKeys) bool {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Up):
			l.Move(-1)
		case key.Matches(msg, k.Down):
			l.Move(1)
		case key.Matches(msg, k.PageUp):
			l.Move(-l.height)
		case key.Matches(msg, k.PageDown):
			l.Move(l.height)
		case key.Matches(msg, k.Home):
			l.Select(0)
		case key.Matches(msg, k.End):
			l.Select(l.n)
		default:
			return false
		}
		return true
	case tea.MouseWheelMsg:
		step := max(l.wheel, 1)
		switch msg.Button {
		case tea.MouseWheelUp:
			l.Move(-step)
		case tea.MouseWheelDown:
			l.Move(step)
		default:
			return false
		}
		return true
	}
	return false
}

// fit clamps the cursor to the items and the window to the cursor: the
// cursor row is always on screen, and no more of the screen is left
// blank below the items (and the tail) than must be.
func (l *scrollList) fit() {
	h := max(l.height, 1)
	if l.page {
		l.offset = min(max(l.offset, 0), max(l.n-h, 0))
		l.cursor = l.offset
		return
	}
	l.cursor = min(max(l.cursor, 0), max(l.n-1, 0))
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
	// At the last item, bring the tail into view, as much of it as fits
	// with the cursor row still on screen.
	if l.n > 0 && l.cursor == l.n-1 && l.n+l.tail-l.offset > h {
		l.offset = min(l.n+l.tail-h, l.cursor)
	}
	l.offset = max(min(l.offset, l.n+l.tail-h), 0)
}

// pager is a page of lines in a box of a given height, scrolled by the
// scroll keys and the wheel. When the lines do not fit, the box's last
// row says which lines are shown (and that there are more), and the page
// scrolls in the rows above it, so no line ever hides under it.
type pager struct {
	lines  []string
	height int
	scroll scrollList
}

func newPager() pager { return pager{scroll: scrollList{page: true, wheel: 3}} }

// SetLines replaces the lines, keeping the position where it can.
func (p *pager) SetLines(lines []string) {
	p.lines = lines
	p.layout()
}

// SetHeight sets the box's height.
func (p *pager) SetHeight(h int) {
	p.height = max(h, 1)
	p.layout()
}

// overflows reports whether the lines need the position row.
func (p pager) overflows() bool { return len(p.lines) > p.height && p.height >= 2 }

func (p *pager) layout() {
	rows := p.height
	if p.overflows() {
		rows--
	}
	p.scroll.SetHeight(rows)
	p.scroll.SetLen(len(p.lines))
}

// Update scrolls for the scroll keys and the wheel, and reports whether
// msg was one of them.
func (p *pager) Update(msg tea.Msg, k keymap.ScrollKeys) bool { return p.scroll.Update(msg, k) }

// View is the box: the lines in the window, then the position row when
// the lines overflow, rendered by dim.
func (p pager) View(dim func(...string) string) []string {
	from, to := p.scroll.Visible()
	out := slices.Clone(p.lines[from:to])
	if p.overflows() {
		arrows := ""
		if from > 0 {
			arrows += "↑"
		}
		if to < len(p.lines) {
			arrows += "↓"
		}
		out = append(out, dim(fmt.Sprintf("  %s %d–%d of %d", arrows, from+1, to, len(p.lines))))
	}
	return out
}

// textPage is a page of lines rendered with the styles, as the detail
// view, the full help and the not-copied box show them. The last two
// are read and closed: Update closes them on the close key.
type textPage struct {
	page pager
	st   *theme.Styles // nil until laid out
}

func newTextPage() textPage { return textPage{page: newPager()} }

// Update scrolls, or answers the close key with closeMsg.
func (tp *textPage) Update(msg tea.Msg, k keymap.PagerKeys) tea.Msg {
	if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, k.Close) {
		return closeMsg{}
	}
	tp.page.Update(msg, k.ScrollKeys)
	return nil
}

// View is the window on the page.
func (tp textPage) View() []string {
	if tp.st == nil {
		return nil
	}
	return tp.page.View(tp.st.Detail.Dim.Render)
}
