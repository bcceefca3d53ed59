package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

func truncateANSI(s string, w int) string { return ansi.Truncate(s, w, "") }

// column is one list column. Columns are listed in display order; prio
// says which go first when the terminal narrows (lower drops first).
type column struct {
	title string
	width int
	prio  int
	cell  func(r *catalog.Row) (string, []int)
}

const (
	markerWidth = 2 // "▌ " before the selected row
	colGap      = 2
	nameMin     = 16
)

// columns lays out the list for a width: name takes what the others leave;
// regions drop first, then type, family/slug and created.
func (m *Model) columns(width int) (name int, cols []column) {
	all := []column{
		{title: "TYPE", width: 13, prio: 2, cell: func(r *catalog.Row) (string, []int) { return r.E.Type, nil }},
		{title: "FAMILY / SLUG", width: 24, prio: 3, cell: familyOrSlug},
		{title: "REGIONS", width: 27, prio: 1, cell: func(r *catalog.Row) (string, []int) { return strings.Join(r.E.Regions, ","), nil }},
		{title: "CREATED", width: 8, prio: 4, cell: func(r *catalog.Row) (string, []int) {
			return relTime(r.E.Image.CreatedAt, m.now()), nil
		}},
	}
	if m.active != catalog.TabAll {
		all = append(all[:0], all[1:]...)
	}
	avail := width - markerWidth
	for {
		used := 0
		for _, c := range all {
			used += c.width + colGap
		}
		if avail-used >= nameMin || len(all) == 0 {
			return max(avail-used, 1), all
		}
		low := 0
		for i, c := range all {
			if c.prio < all[low].prio {
				low = i
			}
		}
		all = append(all[:low:low], all[low+1:]...)
	}
}

// familyOrSlug shows the family, or the slug where the family is null.
func familyOrSlug(r *catalog.Row) (string, []int) {
	switch {
	case r.E.Family != "" && r.E.Slug != "":
		const sep = " · "
		pos := append([]int(nil), r.FamilyMatch...)
		for _, p := range r.SlugMatch {
			pos = append(pos, p+len(r.E.Family)+len(sep))
		}
		return r.E.Family + sep + r.E.Slug, pos
	case r.E.Family != "":
		return r.E.Family, r.FamilyMatch
	case r.E.Slug != "":
		return r.E.Slug, r.SlugMatch
	}
	return "-", nil
}

// listView renders the column header and the visible rows; only rows on
// screen are rendered, whatever the feed holds.
func (m *Model) listView(height int) []string {
	ts := m.cur()
	nameW, cols := m.columns(m.width)
	lines := make([]string, 0, height)
	hdr := strings.Repeat(" ", markerWidth) + text.PadRight("NAME", nameW)
	for _, c := range cols {
		hdr += strings.Repeat(" ", colGap) + text.PadRight(c.title, c.width)
	}
	lines = append(lines, m.styles.List.Header.Render(strings.TrimRight(hdr, " ")))
	rowsH := height - 1

	if ts.rows.Len() == 0 {
		return append(lines, m.emptyLines(rowsH)...)
	}
	from, to := ts.list.Visible()
	for i := from; i < to; i++ {
		lines = append(lines, m.rowView(ts.rows.At(i), i == ts.list.Cursor(), nameW, cols))
	}
	for _, mk := range m.markerLines() {
		if len(lines)-1 >= rowsH {
			break
		}
		lines = append(lines, mk)
	}
	return lines
}

// rowView renders one row, highlighting fuzzy matches, through the line
// cache (rendercache.go).
func (m *Model) rowView(r *catalog.Row, selected bool, nameW int, cols []column) string {
	return m.lines.row(m.lineStamp(), r, selected, cols, func() string { return m.renderRow(r, selected, nameW, cols) })
}

func (m *Model) renderRow(r *catalog.Row, selected bool, nameW int, cols []column) string {
	st := m.lines.painters(m.lineStamp(), &m.styles)
	base, hi := st.Row, st.Match
	marker := "  "
	if selected {
		base, hi = st.Selected, st.SelectedMatch
		marker = st.Cursor.Render("▌") + base.Render(" ")
	}
	var b strings.Builder
	b.WriteString(marker)
	b.WriteString(highlight(r.E.Name, r.NameMatch, nameW, base, hi))
	style := base
	if !selected {
		style = st.Dim
	}
	for _, c := range cols {
		// The gap takes the style of the cell after it: spaces look the
		// same in either (neither has a background), and one style fewer
		// per column is a sequence fewer for the terminal to read.
		b.WriteString(style.Render(strings.Repeat(" ", colGap)))
		s, pos := c.cell(r)
		b.WriteString(highlight(s, pos, c.width, style, hi))
	}
	return b.String()
}

// highlight truncates s to w cells, pads it, and paints the runes at the
// given byte offsets with hi.
func highlight(s string, pos []int, w int, base, hi painter) string {
	cut := text.Truncate(s, w)
	pad := w - text.Width(cut)
	if len(pos) == 0 {
		return base.Render(cut + strings.Repeat(" ", pad))
	}
	var b strings.Builder
	match := make(map[int]bool, len(pos))
	for _, p := range pos {
		match[p] = true
	}
	keep := len(cut) // matches inside the ellipsis of a cut string are not shown
	if cut != s {
		keep = len(strings.TrimSuffix(cut, "…"))
	}
	run, runHi := strings.Builder{}, false
	flush := func() {
		if run.Len() == 0 {
			return
		}
		if runHi {
			b.WriteString(hi.Render(run.String()))
		} else {
			b.WriteString(base.Render(run.String()))
		}
		run.Reset()
	}
	for i, r := range cut {
		h := match[i] && i < keep
		if h != runHi {
			flush()
			runHi = h
		}
		run.WriteRune(r)
	}
	flush()
	if pad > 0 {
		b.WriteString(base.Render(strings.Repeat(" ", pad)))
	}
	return b.String()
}

// markerLines are the rows after the last one: loading, failed, or the end.
func (m *Model) markerLines() []string {
	ts := m.cur()
	f := ts.feed
	st := m.styles.List
	switch {
	case f.Err() != nil:
		var out []string
		for _, l := range m.errorLines(ts) {
			out = append(out, "  "+m.styles.Status.Error.Render(l))
		}
		return out
	case f.InFlight():
		return []string{st.Marker.Render("  " + m.spinner.View() + " loading more…")}
	case f.Done():
		n := ts.rows.Len()
		noun := "images"
		if n == 1 {
			noun = "image"
		}
		return []string{st.Marker.Render(fmt.Sprintf("  ── end of list · %d %s ──", n, noun))}
	}
	return nil
}

// markerCount is len(m.markerLines()) without rendering them: clamp
// needs it for every key press and frame.
func (m *Model) markerCount() int {
	ts := m.cur()
	switch {
	case ts.feed.Err() != nil:
		return len(m.errorLines(ts))
	case ts.feed.InFlight(), ts.feed.Done():
		return 1
	}
	return 0
}

// errorLines are the "✗" error of a tab, wrapped to the screen.
func (m *Model) errorLines(ts *tabState) []string {
	return strings.Split(ansi.Wordwrap("✗ "+m.errorText(ts), max(m.width-4, 10), " "), "\n")
}

// errorText says what failed, why, and what to do: retry, or, when the
// API rejected the token (which no retry can change), fix it.
func (m *Model) errorText(ts *tabState) string {
	err := ts.feed.Err()
	what := fmt.Sprintf("page %d of %s failed: %s", ts.feed.FailedPage(), ts.tab.Noun(), text.Sanitize(err.Error()))
	if api.IsAuth(err) {
		return what + ". Fix the token, then start gcimg again."
	}
	return what + hint(m.keys.List.Retry, " — %s retries")
}

// hint phrases a key hint, or says nothing when the user unbound the key.
func hint(b key.Binding, format string) string {
	if !b.Enabled() || len(b.Keys()) == 0 {
		return ""
	}
	return fmt.Sprintf(format, b.Help().Key)
}

// emptyLines explains an empty list: loading, empty tab, no matches, error.
func (m *Model) emptyLines(h int) []string {
	ts := m.cur()
	f := ts.feed
	st := m.styles
	var msg []string
	switch {
	case f.Err() != nil && f.Loaded() == 0:
		for _, l := range m.errorLines(ts) {
			msg = append(msg, st.Error.Render(l))
		}
		var ways []string
		if h := hint(m.keys.List.Retry, "%s to retry"); h != "" && !api.IsAuth(f.Err()) {
			ways = append(ways, h)
		}
		if h := hint(m.keys.List.Quit, "%s to quit"); h != "" {
			ways = append(ways, h)
		}
		if len(ways) > 0 {
			msg = append(msg, st.Dim.Render("press "+strings.Join(ways, ", ")))
		}
	case !f.Done() && f.Loaded() == 0:
		msg = []string{st.Dim.Render(m.spinner.View() + " loading " + ts.tab.Noun() + "…")}
	case f.Loaded() == 0:
		msg = []string{st.Dim.Render("no " + ts.tab.Noun() + " in this account")}
	case m.query.Active():
		what := "no " + ts.tab.Noun() + " match"
		if m.query.Text != "" {
			what += fmt.Sprintf(" %q", text.Sanitize(m.query.Text))
		}
		if m.query.Region != "" {
			what += " in " + text.Sanitize(m.query.Region)
		}
		if !f.Done() {
			what += fmt.Sprintf(" in the %d loaded so far — still loading…", f.Loaded())
		}
		var ways []string
		if h := hint(m.keys.List.ClearFilter, "%s clears the filter"); m.query.Text != "" && h != "" {
			ways = append(ways, h)
		}
		if h := hint(m.keys.List.Region, "%s changes the region"); h != "" {
			ways = append(ways, h)
		}
		msg = []string{st.Dim.Render(what), st.Dim.Render(strings.Join(ways, ", "))}
	}
	out := make([]string, 0, h)
	out = append(out, "")
	for _, l := range msg {
		out = append(out, "  "+l)
	}
	if len(out) > h {
		out = out[:h]
	}
	return out
}
