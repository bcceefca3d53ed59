package ui

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

func truncateANSI(s string, w int) string { return ansi.Truncate(s, w, "") }

// listView renders the column header and the visible rows of the active
// tab, width cells wide (the list may share the screen with a pane
// beside it); only rows on screen are rendered, whatever the feed holds.
func (m *Model) listView(width, height int) []string {
	ts := m.cur()
	lay := m.listLayout(width)
	lines := make([]string, 0, height)
	var hdr strings.Builder
	hdr.WriteString(strings.Repeat(" ", markerWidth))
	for i, c := range lay.cols {
		if i > 0 {
			hdr.WriteString(strings.Repeat(" ", colGap))
		}
		hdr.WriteString(text.PadRight(c.title, c.width))
	}
	lines = append(lines, m.styles.List.Header.Render(strings.TrimRight(hdr.String(), " ")))
	rowsH := height - 1

	if ts.rows.Len() == 0 {
		return append(lines, m.emptyLines(rowsH)...)
	}
	from, to := ts.list.Visible()
	for i := from; i < to; i++ {
		lines = append(lines, m.rowView(ts.rows.At(i), i == ts.list.Cursor(), lay))
	}
	for _, mk := range m.markerLines() {
		if len(lines)-1 >= rowsH {
			break
		}
		lines = append(lines, mk)
	}
	return lines
}

// rowView renders one row, through the line cache (rendercache.go).
func (m *Model) rowView(r *catalog.Row, selected bool, lay *listLayout) string {
	return m.lines.row(m.lineStamp(lay), r, selected, m.volatileCells(r, lay), func() string { return m.renderRow(r, selected, lay) })
}

// volatileCells is the text of the cells of r that change while its
// entry and image stay the same: the relative dates, which age. Every
// other cell is a function of the entry, its image and the layout.
func (m *Model) volatileCells(r *catalog.Row, lay *listLayout) string {
	var b strings.Builder
	for _, c := range lay.cols {
		if c.col == columns.Created || c.col == columns.Updated {
			b.WriteString(m.dateCell(c.col, r.E))
			b.WriteByte(0)
		}
	}
	return b.String()
}

// dateCell is a relative date ("3mo ago").
func (m *Model) dateCell(c columns.Column, e *catalog.Entry) string {
	t := e.Image.CreatedAt
	if c == columns.Updated {
		t = e.Image.UpdatedAt
	}
	return relTime(t, m.now())
}

func (m *Model) renderRow(r *catalog.Row, selected bool, lay *listLayout) string {
	return strings.Join(m.rowCells(r, selected, lay), "")
}

// rowCells are the parts of a rendered row: the marker, then each cell
// exactly its column's width, the gaps in between.
func (m *Model) rowCells(r *catalog.Row, selected bool, lay *listLayout) []string {
	st := m.painters()
	base, hi, warn, dim := st.Row, st.Match, st.Warn, st.Dim
	marker := "  "
	if selected {
		base, hi, warn, dim = st.Selected, st.SelectedMatch, st.SelectedWarn, st.Selected
		marker = st.Cursor.Render("▌") + base.Render(" ")
	}
	out := make([]string, 0, 2*len(lay.cols))
	out = append(out, marker)
	gap := strings.Repeat(" ", colGap)
	for i, c := range lay.cols {
		var cell string
		style := dim
		switch c.col {
		case columns.Name:
			style = base
			cell = nameCell(r, c.width, selected, lay, st)
		case columns.Regions:
			cell = fitCell(regionsText(r.E.Regions, c.width), nil, c.width, dim, hi)
		case columns.Created, columns.Updated:
			cell = fitCell(m.dateCell(c.col, r.E), nil, c.width, dim, hi)
		default:
			s, pos := plainCell(c.col, r.E, r)
			switch {
			case c.col == columns.Status && notReady(r.E):
				style = warn
			case c.col == columns.Slug:
				style = base // what configs take: as legible as the name
			}
			cell = fitCell(s, pos, c.width, style, hi)
		}
		if i > 0 {
			// The gap takes the style of the cell after it: spaces look
			// the same in either (neither has a background), and a style
			// change fewer is a sequence fewer for the terminal to read.
			out = append(out, style.Render(gap))
		}
		out = append(out, cell)
	}
	return out
}

// noName stands for an image whose name is empty, blank or nothing but
// characters that are not shown.
const noName = "(no name)"

// nameCell is the NAME cell of a row, w cells wide. A snapshot that
// cannot start an instance yet is marked before its name, on every tab,
// and its name is dimmed; where there is no STATUS column and there is
// room, its status follows the name. An image without a name shows
// noName and its ID, so that every row still says which image it is.
// Where only the family says why the row matched (familyWhy), the family
// follows the name, dimmed ("anna-sandbox-5 · Ubuntu" for "ubuntu").
func nameCell(r *catalog.Row, w int, selected bool, lay *listLayout, st *listPainters) string {
	e := r.E
	base, hi, warn, dim := st.Row, st.Match, st.Warn, st.Dim
	if selected {
		base, hi, warn, dim = st.Selected, st.SelectedMatch, st.SelectedWarn, st.Selected
	}
	var b strings.Builder
	var word string
	if notReady(e) && w >= 8 {
		b.WriteString(warn.Render(statusGlyph(e.Image) + " "))
		w -= 2
		base = dim
		if !lay.has(columns.Status) {
			word = "  " + statusWord(e.Image)
		}
	}
	name, pos := e.Name, r.NameMatch
	if name == "" {
		name, pos, base = displayName(e), nil, dim
	}
	p := paints{base: base, hi: hi, rest: dim, from: len(name)}
	if familyWhy(r, lay) {
		const sep = " · "
		pos = slices.Clip(pos)
		for _, f := range r.FamilyMatch {
			pos = append(pos, len(name)+len(sep)+f)
		}
		name += sep + e.Family
	}
	if nw, ww := text.Width(name), text.Width(word); word != "" && nw+ww <= w {
		b.WriteString(paintRuns(name, 0, pos, p))
		b.WriteString(warn.Render(word))
		b.WriteString(spaces(base, w-nw-ww))
		return b.String()
	}
	b.WriteString(fitCellPaints(name, pos, w, p))
	return b.String()
}

// familyWhy reports whether the family says why r matched its query and
// nothing on screen does: the family matched, no FAMILY column shows it,
// and the part of it that matched is in neither the name nor a SLUG
// column ("anna-sandbox-5" matched "ubuntu" by its family, Ubuntu; "Ubuntu
// 22.04 CUDA 11.8" matched "ubu" by its name as much as by its family,
// Ubuntu CUDA).
func familyWhy(r *catalog.Row, lay *listLayout) bool {
	e, fm := r.E, r.FamilyMatch
	if len(fm) == 0 || fm[len(fm)-1] >= len(e.Family) || lay.has(columns.Family) {
		return false
	}
	_, size := utf8.DecodeRuneInString(e.Family[fm[len(fm)-1]:])
	part := strings.ToLower(e.Family[fm[0] : fm[len(fm)-1]+size])
	return !strings.Contains(strings.ToLower(e.Name), part) && !(lay.has(columns.Slug) && strings.Contains(strings.ToLower(e.Slug), part))
}

// notReady reports whether e is a snapshot that cannot start an instance
// yet: one whose status is known and is not "created".
func notReady(e *catalog.Entry) bool { return !e.Image.Ready() }

// statusGlyph marks a snapshot that is not ready in the list: being made,
// failed, on its way out, or in a state gcimg does not know.
func statusGlyph(im *api.Image) string {
	switch api.SnapshotStatus(im.StatusOr("")) {
	case api.SnapshotCreating:
		return "↻"
	case api.SnapshotError:
		return "✗"
	case api.SnapshotDeleting, api.SnapshotPendingDelete:
		return "↓"
	}
	return "?"
}

// statusWord is a snapshot's status as the list shows it: "-" without
// one, "unknown" when the server sent an empty one.
func statusWord(im *api.Image) string {
	if im.Status == nil {
		return "-"
	}
	if s := strings.TrimSpace(text.Sanitize(im.StatusOr(""))); s != "" {
		return s
	}
	return "unknown"
}

// tailLine is one line drawn after the list's last row, and its style.
type tailLine struct {
	text  string
	style func(...string) string
}

// tail is what follows the last row: that the API offers no such images,
// what failed, that more is loading, or the end of the list (and, when
// the server's paging broke off, that the list is incomplete and why).
// markerLines draws it and markerCount counts it, for clamp, which needs
// the count on every key press and frame.
func (m *Model) tail() []tailLine {
	ts := m.cur()
	f := ts.feed
	st := &m.styles
	var out []tailLine
	add := func(lines []string, style func(...string) string) {
		for _, l := range lines {
			out = append(out, tailLine{l, style})
		}
	}
	switch {
	case f.Rejected():
		add(m.rejectedLines(ts), st.Dim.Render)
	case f.Err() != nil:
		add(m.errorLines(ts), st.Status.Error.Render)
	case f.InFlight():
		add([]string{m.spinner.View() + " loading more…"}, st.List.Marker.Render)
	case f.Done():
		n := ts.rows.Len()
		noun := "images"
		if n == 1 {
			noun = "image"
		}
		inc := f.Incomplete()
		if inc == nil {
			add([]string{fmt.Sprintf("── end of list · %d %s ──", n, noun)}, st.List.Marker.Render)
			break
		}
		add([]string{fmt.Sprintf("── end of list · %d %s · incomplete ──", n, noun)}, st.List.Marker.Render)
		add(m.wrap(incompleteText(inc)), st.Warn.Render)
	}
	return out
}

// markerLines are the rows after the last one (see tail).
func (m *Model) markerLines() []string {
	var out []string
	for _, l := range m.tail() {
		out = append(out, "  "+l.style(l.text))
	}
	return out
}

// markerCount is len(m.markerLines()) without styling them.
func (m *Model) markerCount() int { return len(m.tail()) }

// wrap wraps s to the list's width, indented as the markers are.
func (m *Model) wrap(s string) []string {
	return strings.Split(ansi.Wordwrap(s, max(m.listWidth()-4, 10), " "), "\n")
}

// errorLines are the "✗" error of a tab, wrapped to the screen.
func (m *Model) errorLines(ts *tabState) []string { return m.wrap("✗ " + m.errorText(ts)) }

// errorText says what failed, why, and what to do: retry, or, when the
// API rejected the token (which no retry can change), fix it.
func (m *Model) errorText(ts *tabState) string {
	err, f := ts.feed.Err(), ts.feed.Failed()
	what := fmt.Sprintf("page %d of %s failed: %s", f.Page, listingName(ts.tab, f.Source()), text.Sanitize(err.Error()))
	if ts.feed.Done() {
		// Every listing of the tab failed on its first page.
		what = fmt.Sprintf("no listing of %s could be read: %s", ts.tab.Noun(), text.Sanitize(err.Error()))
	}
	if api.IsAuth(err) {
		return what + ". Fix the token, then start gcimg again."
	}
	return what + hint(m.keys.List.Retry, " — %s retries")
}

// listingName names one of tab's listings in a message: as the tab does
// when it is the tab's own /images listing ("base OS images"), otherwise
// as the API does ("the snapshots endpoint").
func listingName(tab catalog.Tab, src api.Source) string {
	if src == api.ImagesSource(tab.Type()) {
		return tab.Noun()
	}
	return src.String()
}

// rejectedLines say, calmly, that the API has no images of the tab's
// type: it answered the type with 400. Nothing failed and nothing is to
// be retried.
func (m *Model) rejectedLines(ts *tabState) []string {
	lines := []string{"this API offers no " + ts.tab.Noun()}
	if te, ok := errors.AsType[*api.TypeRejectedError](ts.feed.Err()); ok && te.Err != nil {
		why := fmt.Sprintf("it answers type=%s with %d %s", te.Type, te.Err.Status, http.StatusText(te.Err.Status))
		if te.Err.Message != "" {
			why += ": " + te.Err.Message
		}
		lines = append(lines, m.wrap(text.Sanitize(why))...)
	}
	return lines
}

// incompleteText says which listings ended early and why, for the end of
// the list.
func incompleteText(err error) string {
	var parts []string
	for _, e := range incompleteErrors(err) {
		parts = append(parts, fmt.Sprintf("%s stopped at %d of the %d the server counts: page %d brought only images already listed", e.Source, e.Received, e.Total, e.Page))
	}
	return "Incomplete: " + strings.Join(parts, "; ") + ". The server seems to ignore the page parameter, so the rest cannot be listed."
}

// incompleteStatus says it in the status line: how many of how many the
// server counts (the most any listing counts) were listed.
func incompleteStatus(err error, loaded int) string {
	total := 0
	for _, e := range incompleteErrors(err) {
		total = max(total, e.Total)
	}
	return fmt.Sprintf("incomplete: %d of %d listed (the server ignores page)", loaded, max(total, loaded))
}

// incompleteErrors are the listings err says ended early.
func incompleteErrors(err error) []*api.IncompleteError {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*api.IncompleteError
		for _, e := range joined.Unwrap() {
			out = append(out, incompleteErrors(e)...)
		}
		return out
	}
	if e, ok := errors.AsType[*api.IncompleteError](err); ok {
		return []*api.IncompleteError{e}
	}
	return nil
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
	case f.Rejected() && f.Loaded() == 0:
		for _, l := range m.rejectedLines(ts) {
			msg = append(msg, st.Dim.Render(l))
		}
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
		msg = []string{st.Dim.Render(what)}
		if r := m.query.Region; r != "" && !slices.Contains(api.KnownRegions, r) && !ts.hasRegion(r) {
			// No loaded image is in a region gcimg has never heard of:
			// most likely a typo the command line could not catch.
			// The picker lists the codes it knows.
			for _, l := range m.wrap(fmt.Sprintf("no loaded image is in %s, which is not a region gcimg knows: check the code", text.Sanitize(r))) {
				msg = append(msg, st.Warn.Render(l))
			}
		}
		msg = append(msg, st.Dim.Render(strings.Join(ways, ", ")))
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
