package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// statusView is the line above the help: position, what is loaded, the
// filter's honesty about partial results, and transient messages.
func (m *Model) statusView() string {
	ts := m.cur()
	f := ts.feed
	st := m.styles.Status
	var parts []string
	if f.InFlight() {
		parts = append(parts, m.spinner.View())
	}
	pos := 0
	if ts.rows.Len() > 0 {
		pos = ts.cursor + 1
	}
	total, exact := f.Total()
	totalS := "?"
	if total >= 0 {
		totalS = fmt.Sprint(total)
		if !exact {
			totalS = "~" + totalS
		}
	}
	switch {
	case m.query.Active() && !f.Done():
		parts = append(parts, fmt.Sprintf("%d matches in %d of %s loaded", ts.rows.Len(), f.Loaded(), totalS))
	case m.query.Active():
		parts = append(parts, fmt.Sprintf("%d/%d matches of %d", pos, ts.rows.Len(), f.Loaded()))
	case f.Done():
		parts = append(parts, fmt.Sprintf("%d/%d", pos, ts.rows.Len()))
	default:
		parts = append(parts, fmt.Sprintf("%d/%s · %d loaded", pos, totalS, f.Loaded()))
	}
	if m.query.Region != "" {
		parts = append(parts, "region "+text.Sanitize(m.query.Region))
	}
	parts = append(parts, "sort "+m.query.Sort.String())
	left := st.Bar.Render(strings.Join(parts, " · "))

	var right string
	switch {
	case f.Err() != nil:
		right = st.Error.Render(fmt.Sprintf("✗ page %d failed", ts.failedPage) + hint(m.keys.List.Retry, " · %s retries"))
	case m.toast != "":
		right = st.Message.Render(text.Sanitize(m.toast))
	}
	if right == "" {
		return left
	}
	// An error is more important than the position: it keeps its room.
	room := m.width - lipgloss.Width(right) - 2
	if room < 10 {
		return right
	}
	if lipgloss.Width(left) > room {
		left = truncateANSI(left, room)
	}
	return left + strings.Repeat(" ", m.width-lipgloss.Width(left)-lipgloss.Width(right)) + right
}
