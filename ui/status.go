package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// statusView is the line above the help: position, what is loaded, the
// filter's honesty about partial results, the order, and on the right an
// error or a transient message.
func (m *Model) statusView() string {
	ts := m.cur()
	f := ts.feed
	st := m.styles.Status
	n := ts.rows.Len()
	pos := 0
	if n > 0 {
		pos = ts.list.Cursor() + 1
	}
	totalS := "?"
	if s, ok := totalText(f); ok {
		totalS = s
	}
	// "3/12 matches", "1/1 match", "0 matches"
	matches := fmt.Sprintf("%d/%d matches", pos, n)
	switch n {
	case 0:
		matches = "0 matches"
	case 1:
		matches = "1/1 match"
	}
	var parts []string
	switch {
	case f.Rejected() && f.Loaded() == 0:
		parts = append(parts, "no "+ts.tab.Noun()+" on this API")
	case m.query.Active() && !f.Done():
		parts = append(parts, fmt.Sprintf("%s in %d of %s loaded", matches, f.Loaded(), totalS))
	case m.query.Active():
		parts = append(parts, fmt.Sprintf("%s of %d", matches, f.Loaded()))
	case f.Done():
		parts = append(parts, fmt.Sprintf("%d/%d", pos, n))
	default:
		parts = append(parts, fmt.Sprintf("%d/%s · %d loaded", pos, totalS, f.Loaded()))
	}
	if m.query.Region != "" {
		parts = append(parts, "region "+text.Sanitize(m.query.Region))
	}
	// With text, rows are ranked by how well they match; the sort only
	// breaks ties. The arrow is the header's (headerTitle).
	if ranked(m.query) {
		parts = append(parts, "best match, then "+sortName(m.query))
	} else {
		parts = append(parts, "sort "+sortName(m.query))
	}
	spin := ""
	if f.InFlight() {
		spin = m.spinner.View() + " "
	}

	// On the right, in this order: a rejected token; a retry under way
	// (which replaces the failure it retries); a failure; a toast; an
	// incomplete listing.
	var right string
	retry, retrying := ts.retrying()
	switch err := f.Err(); {
	case api.IsAuth(err):
		right = st.Error.Render("✗ token rejected")
	case retrying:
		right = st.Warn.Render("↻ " + text.Sanitize(retry.String()))
	case err != nil && !f.Rejected(): // a rejected type is said on the left
		right = st.Error.Render(fmt.Sprintf("✗ page %d failed", f.Failed().Page) + hint(m.keys.List.Retry, " · %s retries"))
	case m.toast != "" && m.toastWarn:
		right = st.Warn.Render(text.Sanitize(m.toast))
	case m.toast != "":
		right = st.Message.Render(text.Sanitize(m.toast))
	case f.Incomplete() != nil && f.Done():
		right = st.Warn.Render(incompleteStatus(f.Incomplete(), f.Loaded()))
	}
	left := strings.Join(parts, " · ")
	if right == "" {
		return spin + st.Bar.Render(left)
	}
	// The message on the right keeps its room: the left gives up its
	// last parts whole, then is cut with an ellipsis, never mid-word
	// without saying so.
	room := m.width - lipgloss.Width(right) - 2 - lipgloss.Width(spin)
	if room < 10 {
		return ansi.Truncate(right, m.width, "…")
	}
	for len(parts) > 1 && text.Width(left) > room {
		parts = parts[:len(parts)-1]
		left = strings.Join(parts, " · ")
	}
	left = spin + st.Bar.Render(text.Truncate(left, room))
	return left + strings.Repeat(" ", max(m.width-lipgloss.Width(left)-lipgloss.Width(right), 1)) + right
}

// totalText is how many images a tab holds, as the status line and the
// tab bar say it: "12" once known, "~520" while the server's estimate is
// all there is, "~26+" while a listing is still to be heard from. ok is
// false when nothing is known.
func totalText(f *catalog.Feed) (s string, ok bool) {
	n, exact := f.Total()
	switch {
	case n < 0:
		return "", false
	case exact:
		return fmt.Sprint(n), true
	case f.Unheard():
		return fmt.Sprintf("~%d+", n), true
	}
	return fmt.Sprintf("~%d", n), true
}

// sortName names q's order as the status line says it: the sort and the
// arrow the header puts on its column ("name ↑", "created ↓").
func sortName(q catalog.Query) string { return q.Sort.String() + " " + sortArrow(q) }

// sortPhrase says q's order in words, for the message a sort key shows:
// "name, A to Z", "created, newest first".
func sortPhrase(q catalog.Query) string {
	up := sortArrow(q) == "↑"
	switch {
	case q.Sort == catalog.SortName && up:
		return "name, A to Z"
	case q.Sort == catalog.SortName:
		return "name, Z to A"
	case up:
		return q.Sort.String() + ", oldest first"
	}
	return q.Sort.String() + ", newest first"
}
