package ui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// The image list's columns: which ones a tab shows (the config file's
// choice or columns.Defaults, CREATED turned UPDATED while sorting by
// update time), how wide each one's values are (counted per tab as pages
// arrive: colWidths), and how they share the list's width (layOut).

const (
	markerWidth = 2 // "▌ " before the selected row
	colGap      = 2
	// nameFloor is the narrowest NAME column that still keeps a slug or a
	// status beside it; nameComfort the narrowest that keeps any other
	// column. Below them, columns are left out, lowest priority first.
	nameFloor   = 16
	nameComfort = 24
	// slugMax bounds how far the slug grows before the other cut columns
	// get their share: real slugs are far shorter, and a server's long
	// ones must not starve the name.
	slugMax = columns.OutlierMin
	// dateWidth is the width of a relative date ("11mo ago").
	dateWidth = 8
)

// colSpec is how a column behaves in the list: its least useful width
// (a column narrower than that is left out instead), the priority by
// which it is left out when the list narrows (lower goes first), and
// the NAME width it leaves at least.
type colSpec struct {
	min, prio, name int
}

// colSpecs are every column's colSpec but NAME's (specOf).
var colSpecs = map[columns.Column]colSpec{
	columns.Versions: {12, 1, nameComfort},
	columns.OS:       {6, 2, nameComfort},
	columns.Family:   {10, 3, nameComfort},
	columns.Regions:  {16, 4, nameComfort},
	columns.ID:       {13, 5, nameComfort},
	columns.Type:     {13, 6, nameComfort},
	columns.Size:     {8, 7, nameComfort},
	columns.Created:  {dateWidth, 8, nameComfort},
	columns.Updated:  {dateWidth, 8, nameComfort},
	columns.Slug:     {16, 9, nameFloor},
	columns.Status:   {10, 10, nameFloor},
}

func specOf(c columns.Column) colSpec {
	if s, ok := colSpecs[c]; ok {
		return s
	}
	return colSpec{nameFloor, 11, nameFloor} // NAME: left out last
}

// tabColumns are the columns tab t shows while rows are sorted by s.
func (m *Model) tabColumns(t catalog.Tab, s catalog.Sort) []columns.Column {
	cols, ok := m.opts.Columns[t]
	if !ok || len(cols) == 0 {
		cols = columns.Defaults(t)
	}
	return columns.ForSort(cols, s)
}

// colWidths counts how wide the values of a tab's columns are, over every
// entry its feed has loaded, as they arrive: sync costs O(new entries),
// so a page costs O(page) however many are loaded, and a frame or a key
// costs nothing. Widths are measured over all loaded entries, not over
// the rows a query leaves, so the columns hold still while the user
// types.
type colWidths struct {
	cols     []columns.Column // the columns measured
	ws       []columns.Widths // by index in cols
	status   bool             // cols has STATUS: the name leaves out the status word
	first    *catalog.Entry   // entries[0] when last synced: a reload makes new entries
	seen     int              // entries measured
	version  int              // bumped when a natural width changes
	naturals []int            // by index in cols
}

func newColWidths(cols []columns.Column) colWidths {
	cols = slices.DeleteFunc(slices.Clone(cols), func(c columns.Column) bool {
		return c == columns.Created || c == columns.Updated // relative dates: dateWidth
	})
	return colWidths{cols: cols, ws: make([]columns.Widths, len(cols)), naturals: make([]int, len(cols)), status: slices.Contains(cols, columns.Status)}
}

// sync measures the entries added since the last call (all of them after
// a reload).
func (cw *colWidths) sync(entries []*catalog.Entry) {
	if len(entries) < cw.seen || len(entries) > 0 && cw.seen > 0 && entries[0] != cw.first {
		v := cw.version
		*cw = newColWidths(cw.cols)
		cw.version = v + 1
	}
	if len(entries) == cw.seen {
		return
	}
	if len(entries) > 0 {
		cw.first = entries[0]
	}
	for _, e := range entries[cw.seen:] {
		for i, c := range cw.cols {
			cw.ws[i].Add(cw.valueWidth(c, e))
		}
	}
	cw.seen = len(entries)
	for i := range cw.cols {
		if n := cw.ws[i].Natural(); n != cw.naturals[i] {
			cw.naturals[i] = n
			cw.version++
		}
	}
}

// natural is the natural width of column c's values (0 when c is not
// measured or nothing is loaded).
func (cw *colWidths) natural(c columns.Column) int {
	if i := slices.Index(cw.cols, c); i >= 0 {
		return cw.naturals[i]
	}
	return 0
}

// valueWidth is how wide e's value of column c is in the list.
func (cw *colWidths) valueWidth(c columns.Column, e *catalog.Entry) int {
	switch c {
	case columns.Name:
		w := text.Width(displayName(e))
		if notReady(e) {
			w += 2 // the mark before the name
			if !cw.status {
				w += 2 + text.Width(statusWord(e.Image))
			}
		}
		return w
	case columns.Regions:
		w := max(len(e.Regions)-1, 0)
		for _, r := range e.Regions {
			w += text.Width(r)
		}
		return max(w, 1)
	}
	s, _ := plainCell(c, e, nil)
	return text.Width(s)
}

// displayName is e's name as the list shows it: noName and the ID for an
// image without one.
func displayName(e *catalog.Entry) string {
	if e.Name == "" {
		return noName + " " + refs.Show(e.Image.ID)
	}
	return e.Name
}

// plainCell is the text of column c for e, and the byte offsets of its
// matched runes when r (the row of e) has them; for the columns that are
// not drawn specially (NAME and REGIONS are: nameCell, regionsCell).
func plainCell(c columns.Column, e *catalog.Entry, r *catalog.Row) (string, []int) {
	var s string
	var pos []int
	switch c {
	case columns.Slug:
		s = e.Slug
		if r != nil {
			pos = r.SlugMatch
		}
	case columns.Family:
		s = e.Family
		if r != nil {
			pos = r.FamilyMatch
		}
	case columns.Type:
		s = e.Type
		if r != nil {
			pos = r.TypeMatch
		}
	case columns.Status:
		return statusWord(e.Image), nil
	case columns.Size:
		if n := e.Image.SizeGiB; n != nil {
			return strconv.FormatInt(*n, 10) + " GiB", nil
		}
	case columns.Regions:
		s = strings.Join(e.Regions, ",")
	case columns.Name:
		s = displayName(e)
	default:
		s = c.Value(e.Image, nil) // ID, OS, versions: as `gcimg list` shows them
	}
	if s == "" {
		return "-", nil
	}
	return s, pos
}

// regionsText is the regions as they fit in w cells: all of them, or as
// many whole codes as fit and how many more there are ("NORD-NO-KRS-1
// +2"), or, when not even one fits so, the list cut.
func regionsText(regions []string, w int) string {
	all := strings.Join(regions, ",")
	if len(regions) == 0 {
		return "-"
	}
	if text.Width(all) <= w {
		return all
	}
	for k := len(regions) - 1; k >= 1; k-- {
		s := strings.Join(regions[:k], ",") + " +" + strconv.Itoa(len(regions)-k)
		if text.Width(s) <= w {
			return s
		}
	}
	return all
}

// listLayout is the list laid out for one width: the columns shown, in
// order, each with its header and width. A row is the marker, then the
// cells, each exactly its width, colGap apart.
type listLayout struct {
	width int
	cols  []laidColumn
}

// has reports whether column c is shown.
func (l *listLayout) has(c columns.Column) bool {
	return slices.ContainsFunc(l.cols, func(lc laidColumn) bool { return lc.col == c })
}

type laidColumn struct {
	col   columns.Column
	title string // the header, with the sort arrow
	width int
}

// layoutKey is everything a layout depends on.
type layoutKey struct {
	tab     catalog.Tab
	width   int
	sort    catalog.Sort
	reverse bool
	ranked  bool
	version int // of the tab's colWidths
}

// layoutMemo keeps the last layout: it changes with the width, the tab,
// the sort and when a page moves a natural width.
type layoutMemo struct {
	key layoutKey
	lay *listLayout
}

// listLayout lays the active tab's list out for width cells. It reads
// only what settle measured; the memo is a cache that View may fill.
func (m *Model) listLayout(width int) *listLayout {
	ts := m.cur()
	k := layoutKey{tab: m.active, width: width, sort: m.query.Sort, reverse: m.query.Reverse, ranked: ranked(m.query), version: ts.widths.version}
	if m.colsMemo.lay != nil && m.colsMemo.key == k {
		return m.colsMemo.lay
	}
	cols := m.tabColumns(m.active, m.query.Sort)
	lay := layOut(cols, width, ts.widths.natural, func(c columns.Column) string { return headerTitle(c, m.query) })
	if old := m.colsMemo.lay; old != nil && old.width == lay.width && slices.Equal(old.cols, lay.cols) {
		lay = old // the same: the rows rendered for it stay cached
	}
	m.colsMemo = layoutMemo{key: k, lay: lay}
	return lay
}

// ranked reports whether rows are ordered by how well they match q's
// text (the sort only breaks ties).
func ranked(q catalog.Query) bool { return strings.TrimSpace(q.Text) != "" }

// headerTitle is column c's header: with an arrow on the column the rows
// are sorted by, pointing the way its values go down the list (↑ A to Z
// or oldest first, ↓ the other way). While a text query ranks the rows,
// no column has one: the status line says "best match".
func headerTitle(c columns.Column, q catalog.Query) string {
	if ranked(q) || sortColumn(q.Sort) != c {
		return c.Header()
	}
	return c.Header() + sortArrow(q)
}

// sortColumn is the column sort s orders by.
func sortColumn(s catalog.Sort) columns.Column {
	switch s {
	case catalog.SortCreated:
		return columns.Created
	case catalog.SortUpdated:
		return columns.Updated
	}
	return columns.Name
}

// sortArrow is ↑ when q's rows go up in their sort column (names A to Z,
// dates oldest first), ↓ when they go down: names sort A to Z and dates
// newest first, unless reversed.
func sortArrow(q catalog.Query) string {
	up := q.Sort == catalog.SortName
	if q.Reverse {
		up = !up
	}
	if up {
		return "↑"
	}
	return "↓"
}

// layOut shares width among cols. Each column has a natural width (its
// widest value by the outlier rule, or its header if wider) and a least
// useful one (colSpec.min, at most the natural); NAME takes what is
// left. While even the least widths do not fit, the lowest priority
// column is left out (NAME never is). Every column then starts at its
// least width, NAME at the least the others leave it (colSpec.name), and
// the width left goes, in turn:
//
//   - to the slug, up to its natural width (slugs are what configs take,
//     so they are cut last);
//   - to the columns still cut, in equal shares, each up to its natural
//     width (spare width goes where values are being cut);
//   - what remains, to NAME.
//
// The layout depends on the natural widths alone, not on how many values
// are cut, so that it holds still while pages arrive unless one brings a
// value wider than any before.
func layOut(cols []columns.Column, width int, natural func(columns.Column) int, title func(columns.Column) string) *listLayout {
	flex := slices.Index(cols, columns.Name)
	if flex < 0 {
		flex = 0
	}
	type cell struct {
		laidColumn
		nat, min int
		spec     colSpec
		flex     bool
	}
	cells := make([]cell, 0, len(cols))
	for i, c := range cols {
		t := title(c)
		nat := max(natural(c), text.Width(t))
		if c == columns.Created || c == columns.Updated {
			nat = max(dateWidth, text.Width(t))
		}
		spec := specOf(c)
		cells = append(cells, cell{laidColumn: laidColumn{col: c, title: t}, nat: nat, min: max(min(spec.min, nat), text.Width(t)), spec: spec, flex: i == flex})
	}
	// flexLeast is the least width of NAME beside the other cells.
	flexLeast := func() int {
		least := nameFloor
		for _, c := range cells {
			if !c.flex {
				least = max(least, c.spec.name)
			}
		}
		f := cells[slices.IndexFunc(cells, func(c cell) bool { return c.flex })]
		return max(f.min, min(f.nat, least))
	}
	need := func() int {
		sum := flexLeast()
		for _, c := range cells {
			if !c.flex {
				sum += c.min + colGap
			}
		}
		return sum
	}
	avail := width - markerWidth
	for len(cells) > 1 && need() > avail {
		low := -1
		for i, c := range cells {
			if !c.flex && (low < 0 || c.spec.prio < cells[low].spec.prio) {
				low = i
			}
		}
		cells = slices.Delete(cells, low, low+1)
	}
	fi := slices.IndexFunc(cells, func(c cell) bool { return c.flex })
	spare := avail - colGap*(len(cells)-1)
	for i := range cells {
		cells[i].width = cells[i].min
		if i == fi {
			cells[i].width = flexLeast()
		}
		spare -= cells[i].width
	}
	if i := slices.IndexFunc(cells, func(c cell) bool { return c.col == columns.Slug }); i >= 0 && spare > 0 {
		add := max(min(spare, min(cells[i].nat, slugMax)-cells[i].width), 0)
		cells[i].width += add
		spare -= add
	}
	for spare > 0 {
		var cut []int
		for i, c := range cells {
			if c.width < c.nat {
				cut = append(cut, i)
			}
		}
		if len(cut) == 0 {
			break
		}
		share := max(spare/len(cut), 1)
		for _, i := range cut {
			add := min(share, cells[i].nat-cells[i].width, spare)
			cells[i].width += add
			spare -= add
		}
	}
	// What is left goes to NAME; when not even the least widths fit (a
	// list narrower than NAME's least), NAME gives way.
	cells[fi].width = max(cells[fi].width+spare, 1)
	lay := &listLayout{width: width, cols: make([]laidColumn, 0, len(cells))}
	for _, c := range cells {
		lay.cols = append(lay.cols, c.laidColumn)
	}
	return lay
}
