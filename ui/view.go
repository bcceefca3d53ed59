package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/genesiscloud-tools/gcimg/internal/text"
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
	if m.width < minWidth || m.height < minHeight {
		return fit([]string{"terminal too small", fmt.Sprintf("need %dx%d", minWidth, minHeight)}, m.width, m.height)
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
		if m.filterShown() {
			lines = append(lines, m.filterView())
		}
		lines = append(lines, m.listView(m.width, m.listHeight()+1)...)
	}
	// Keep the status and help at the bottom whatever the body's height.
	for len(lines)+2 < m.height {
		lines = append(lines, "")
	}
	lines = append(lines, m.statusView(), m.helpLine())
	return fit(lines, m.width, m.height)
}

// fit cuts every line to width and the block to height.
func fit(lines []string, width, height int) string {
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if lineWidth(l) > width {
			lines[i] = truncateANSI(l, width)
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) filterShown() bool {
	return m.focused() == focusFilter || m.query.Text != ""
}

// helpLine is the one line of help at the bottom, through the cache in
// rendercache.go.
func (m *Model) helpLine() string {
	return m.helpMemo.get(m.helpKey(), func() string { return m.help.ShortHelpView(m.shortHelp(m.focused())) })
}

// bodyHeight is the height between the tab bar and the status line.
func (m *Model) bodyHeight() int { return max(m.height-3, 1) }

// listHeight is the number of image rows on screen (below the column
// header and the filter prompt, when shown).
func (m *Model) listHeight() int {
	h := m.bodyHeight() - 1
	if m.filterShown() {
		h--
	}
	return max(h, 1)
}

func (m *Model) filterView() string {
	if m.focused() == focusFilter {
		return m.filter.View()
	}
	return m.styles.Filter.Prompt.Render("/ ") + m.styles.Filter.Text.Render(text.Sanitize(m.query.Text))
}
