package ui

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

func truncateANSI(s string, w int) string { return ansi.Truncate(s, w, "") }

// column is one list column. Columns are listed in display order; prio
// says which go first when the terminal narrows (lower drops first). warn,
// when set, says which rows show the cell in the warning style.
type column struct {
	title string
	width int
	prio  int
	cell  func(r *catalog.Row) (string, []int)
	warn  func(e *catalog.Entry) bool
}

const (
	markerWidth = 2 // "▌ " before the selected row
	colGap      = 2
	nameMin     = 16
)

// columns lays out the list for a width: name takes what the others leave;
// regions drop first, then type, family/slug and created. The Snapshots
// tab shows a snapshot's status and size where the others show the family
// and slug, which snapshots do not have; its size drops before its
// creation date, and its status last.
func (m *Model) columns(width int) (name int, cols []column) {
	regions := column{title: "REGIONS", width: 27, prio: 1, cell: func(r *catalog.Row) (string, []int) { return strings.Join(r.E.Regions, ","), nil }}
	created := column{title: "CREATED", width: 8, prio: 4, cell: func(r *catalog.Row) (string, []int) {
		return relTime(r.E.Image.CreatedAt, m.now()), nil
	}}
	var all []column
	switch m.active {
	case catalog.TabAll:
		all = []column{{title: "TYPE", width: 13, prio: 2, cell: func(r *catalog.Row) (string, []int) { return r.E.Type, nil }}}
		fallthrough
	default:
		all = append(all, column{title: "FAMILY / SLUG", width: 24, prio: 3, cell: familyOrSlug}, regions, created)
	case catalog.TabSnapshot:
		created.prio = 3
		all = []column{
			{title: "STATUS", width: 14, prio: 5, cell: statusCell, warn: notReady},
			{title: "SIZE", width: 8, prio: 2, cell: sizeCell},
			regions, created,
		}
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
	nameW, cols := m.columns(m.listWidth())
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
	base, hi, warn := st.Row, st.Match, st.Warn
	marker := "  "
	if selected {
		base, hi, warn = st.Selected, st.SelectedMatch, st.SelectedWarn
		marker = st.Cursor.Render("▌") + base.Render(" ")
	}
	var b strings.Builder
	b.WriteString(marker)
	m.nameCell(&b, r, nameW, selected, st)
	for _, c := range cols {
		b.WriteString(base.Render(strings.Repeat(" ", colGap)))
		s, pos := c.cell(r)
		style := base
		switch {
		case c.warn != nil && c.warn(r.E):
			style = warn
		case !selected:
			style = st.Dim
		}
		b.WriteString(highlight(s, pos, c.width, style, hi))
	}
	return b.String()
}

// noName stands for an image whose name is empty, blank or nothing but
// characters that are not shown.
const noName = "(no name)"

// nameCell writes the NAME column of a row, w cells wide. A snapshot that
// cannot start an instance yet is marked before its name, on every tab,
// and its name is dimmed; where there is no STATUS column and there is
// room, its status follows the name. An image without a name shows
// noName and its ID, so that every row still says which image it is.
func (m *Model) nameCell(b *strings.Builder, r *catalog.Row, w int, selected bool, st *listPainters) {
	e := r.E
	base, hi, warn, dim := st.Row, st.Match, st.Warn, st.Dim
	if selected {
		base, hi, warn, dim = st.Selected, st.SelectedMatch, st.SelectedWarn, st.Selected
	}
	var word string
	if notReady(e) && w >= 8 {
		b.WriteString(warn.Render(statusGlyph(e.Image) + " "))
		w -= 2
		base = dim
		if m.active != catalog.TabSnapshot {
			word = "  " + statusWord(e.Image)
		}
	}
	name, pos := e.Name, r.NameMatch
	if name == "" {
		name, pos, base = noName+" "+refs.Show(e.Image.ID), nil, dim
	}
	if nw, ww := text.Width(name), text.Width(word); word != "" && nw+ww <= w {
		b.WriteString(highlight(name, pos, nw, base, hi))
		b.WriteString(warn.Render(word))
		if pad := w - nw - ww; pad > 0 {
			b.WriteString(base.Render(strings.Repeat(" ", pad)))
		}
		return
	}
	b.WriteString(highlight(name, pos, w, base, hi))
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

// statusCell and sizeCell are the Snapshots tab's STATUS and SIZE columns.
func statusCell(r *catalog.Row) (string, []int) { return statusWord(r.E.Image), nil }

func sizeCell(r *catalog.Row) (string, []int) {
	if n := r.E.Image.SizeGiB; n != nil {
		return fmt.Sprintf("%d GiB", *n), nil
	}
	return "-", nil
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
