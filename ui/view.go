package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

// The smallest screen the layout needs; below it a short note is shown.
const (
	minWidth  = 24
	minHeight = 6
)

// View renders the whole screen. It only reads state: every line is cut to
// the width and the screen to the height, so nothing wraps or scrolls the
// terminal whatever the data.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "gcimg"
	return v
}

func (m *Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	m.widths.frame()
	if m.width < minWidth || m.height < minHeight {
		return m.widths.fit([]string{"terminal too small", fmt.Sprintf("need %dx%d", minWidth, minHeight)}, m.width, m.height)
	}
	lines := make([]string, 0, m.height)
	lines = append(lines, m.headerView())
	switch m.focused() {
	case focusDetail:
		lines = append(lines, m.detail.View()...)
	case focusPicker:
		lines = append(lines, m.picker.View(&m.styles)...)
	case focusMenu:
		lines = append(lines, m.menu.View(&m.styles, m.keys.Menu)...)
	case focusHelp:
		lines = append(lines, m.full.View()...)
	case focusNotice:
		lines = append(lines, m.notice.View()...)
	default:
		lines = append(lines, m.browseView()...)
	}
	// Keep the status and help at the bottom whatever the body's height.
	for len(lines)+2 < m.height {
		lines = append(lines, "")
	}
	lines = append(lines, m.statusView(), m.helpLine())
	return m.widths.fit(lines, m.width, m.height)
}

// The rows of the screen above the body (the tab bar), and of the list
// above its first image (the column header). The renderer and the
// mouse's hit-testing both read them.
const (
	bodyTop        = 1
	listHeaderRows = 1
)

// browseView is the body while the list or its prompt has focus: the
// prompt when shown, the column header, the rows, and, when the layout
// has room for it, the preview of the highlighted image beside them.
func (m *Model) browseView() []string {
	body := make([]string, 0, m.bodyHeight())
	if m.filterShown() {
		body = append(body, m.filterView())
	}
	body = append(body, m.listView(m.listWidth(), m.listHeight()+listHeaderRows)...)
	listW, paneW := m.panes()
	if paneW == 0 {
		return body
	}
	pane := m.previewView(paneW, m.bodyHeight())
	for len(body) < len(pane) {
		body = append(body, "")
	}
	for i, l := range body {
		if w := m.widths.width(l); w > listW {
			l = truncateANSI(l, listW)
		} else if w < listW {
			l += strings.Repeat(" ", listW-w)
		}
		if i < len(pane) {
			l += pane[i]
		}
		body[i] = l
	}
	return body
}

// panes shares the width between the list and the preview (see
// layout.Widths): the preview's is 0 when the layout shows none.
func (m *Model) panes() (list, preview int) { return layout.Widths(m.layout, m.width) }

// listWidth is the width the list lays its columns out in: the screen's,
// or what the preview leaves.
func (m *Model) listWidth() int {
	w, _ := m.panes()
	return w
}

// listRowAt is the row of the active tab drawn at (x, y) of the body,
// if any: the list's hit-test, from the layout browseView draws.
func (m *Model) listRowAt(x, y int) (int, bool) {
	if x < 0 || x >= m.listWidth() {
		return 0, false // the preview, or off the screen
	}
	top := listHeaderRows
	if m.filterShown() {
		top++
	}
	return m.cur().list.At(y - top)
}

// fit cuts every line to width and the block to height.
func (m *widthMemo) fit(lines []string, width, height int) string {
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if m.width(l) > width {
			lines[i] = truncateANSI(l, width)
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) filterShown() bool {
	return m.focused() == focusFilter || m.query.Text != ""
}

// helpLine is the one line of help at the bottom, through the cache in
// rendercache.go: the view's hints, as many as fit, dropped from the
// end, and then the help key's, which always shows, however narrow the
// screen (but in the filter prompt, where ? is typed, and in the help
// itself).
func (m *Model) helpLine() string {
	return m.helpMemo.get(m.helpKey(), func() string {
		f := m.focused()
		hints := m.shortHelp(f)
		var always []key.Binding
		if f != focusFilter && f != focusHelp {
			always = []key.Binding{m.keys.Global.Help}
		}
		for n := len(hints); n > 0; n-- {
			if line := m.help.ShortHelpView(append(hints[:n:n], always...)); text.Width(line) <= m.width {
				return line
			}
		}
		return m.help.ShortHelpView(always)
	})
}

// bodyHeight is the height between the tab bar and the status line.
func (m *Model) bodyHeight() int { return max(m.height-3, 1) }

// listHeight is the number of image rows on screen (below the column
// header and the filter prompt, when shown).
func (m *Model) listHeight() int {
	h := m.bodyHeight() - listHeaderRows
	if m.filterShown() {
		h--
	}
	return max(h, 1)
}

// tabAt is the tab whose label is drawn at column x of the tab bar.
func (m *Model) tabAt(x int) (catalog.Tab, bool) {
	for _, sg := range m.tabSegments(m.width) {
		if x >= sg.X && x < sg.X+sg.Width {
			return sg.Tab, true
		}
	}
	return 0, false
}

func (m *Model) filterView() string {
	if m.focused() == focusFilter {
		return m.filter.View()
	}
	return m.styles.Filter.Prompt.Render("/ ") + m.styles.Filter.Text.Render(text.Sanitize(m.query.Text))
}
