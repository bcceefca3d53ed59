package output

import (
	"bufio"
	"slices"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

const (
	gap     = "  " // between columns
	missing = "-"  // a null or empty value, in the table
)

// DefaultColumns are list's columns when --columns is not given: the
// registry's defaults for tab t as sorted by s (columns.ForSort), and the
// ID last, which is what scripts pass on. They never come from the config
// file, so a script's output does not depend on the user's settings.
func DefaultColumns(t catalog.Tab, s catalog.Sort) []columns.Column {
	cols := columns.ForSort(columns.Defaults(t), s)
	if !slices.Contains(cols, columns.ID) {
		cols = append(slices.Clip(cols), columns.ID)
	}
	return cols
}

// A shrink cuts a column of free text down to at most min cells, only as
// far as still needed.
type shrink struct {
	col columns.Column
	min int
}

var (
	// cuts are tried first, with every column shown: long free text gives
	// way before anything is left out.
	cuts = []shrink{{columns.Name, 12}, {columns.Family, 8}, {columns.Regions, 12}, {columns.Versions, 12}}
	// slugCuts come once the slug is the last column left to drop.
	slugCuts = []shrink{{columns.Name, 12}, {columns.Slug, 12}, {columns.Name, 8}, {columns.Slug, 8}}
	// lastCuts come when nothing else is left.
	lastCuts = []shrink{{columns.Name, 8}, {columns.Name, 1}}
	// drops are the columns a narrow terminal leaves out of the default
	// table, in order: what a reader of a narrow terminal misses least
	// first. NAME and ID are never dropped and ID is never cut: scripts
	// and people copy it from here.
	drops = []columns.Column{
		columns.Family, columns.Versions, columns.OS, columns.Regions, columns.Updated, columns.Created,
		columns.Size, columns.Status, columns.Type, columns.Slug,
	}
)

// columnWidth is the width a column is padded to, given the widths of its
// values and of its header: the outlier rule of columns.Widths, so one
// 300-character name does not pad every row to 300 cells. Piped, an
// outlier is printed whole and pushes the rest of its row to the right;
// on a terminal it is cut to the column.
func columnWidth(values []int, header int) int {
	var ws columns.Widths
	for _, v := range values {
		ws.Add(v)
	}
	return max(header, ws.Natural())
}

func writeTable(w *bufio.Writer, images []api.Image, o Options) {
	cols := o.columns()
	loc := o.location()
	cells := make([][]string, len(images))
	widths := make([][]int, len(cols))
	for i := range images {
		row := make([]string, len(cols))
		for c, col := range cols {
			v := col.Value(&images[i], loc)
			if v == "" {
				v = missing // so every row has a value in every column
			}
			row[c] = v
			widths[c] = append(widths[c], text.Width(v))
		}
		cells[i] = row
	}
	if len(cells) == 0 && o.NoHeader {
		return
	}
	natural := make([]int, len(cols))
	for c, col := range cols {
		header := 0
		if !o.NoHeader {
			header = text.Width(col.Header())
		}
		natural[c] = columnWidth(widths[c], header)
	}
	show, fit := layout(cols, natural, o.Width, o.Chosen)

	var line strings.Builder
	put := func(row []string) {
		line.Reset()
		last := len(cols) - 1
		for last > 0 && !show[last] {
			last--
		}
		for c := range cols {
			if !show[c] {
				continue
			}
			v := row[c]
			if o.Width > 0 && cols[c] != columns.ID && text.Width(v) > fit[c] {
				v = text.Truncate(v, fit[c]) // on a terminal: cut to the column
			}
			if c == last {
				line.WriteString(v) // never padded
				break
			}
			if text.Width(v) > fit[c] {
				line.WriteString(v) // piped, an outlier overflows its cell
			} else {
				line.WriteString(text.PadRight(v, fit[c]))
			}
			line.WriteString(gap)
		}
		writeLine(w, strings.TrimRight(line.String(), " "))
	}
	if !o.NoHeader {
		header := make([]string, len(cols))
		for c, col := range cols {
			header[c] = col.Header()
		}
		put(header)
	}
	for _, row := range cells {
		put(row)
	}
}

// layout decides which columns to show and how wide each is. With no
// width limit every column gets its width. Otherwise long text is cut
// first and then, in the default table (not chosen), columns are left
// out in the order of drops until the table fits; a table that cannot
// fit (an ID alone is wider than a tiny terminal; columns the user chose)
// is as narrow as it can be.
func layout(cols []columns.Column, natural []int, limit int, chosen bool) (show []bool, widths []int) {
	show = make([]bool, len(cols))
	for c := range show {
		show[c] = true
	}
	if limit <= 0 || total(show, natural) <= limit {
		return show, natural
	}
	if chosen {
		all := slices.Concat(cuts, slugCuts, lastCuts)
		return show, cut(cols, show, natural, all, limit)
	}
	var dropped []columns.Column
	for k := 0; ; k++ {
		left := 0
		for _, d := range drops {
			if slices.Contains(cols, d) && !slices.Contains(dropped, d) {
				left++
			}
		}
		plan := cuts
		switch {
		case left == 0:
			plan = lastCuts
		case left == 1 && slices.Contains(cols, columns.Slug) && !slices.Contains(dropped, columns.Slug):
			plan = slugCuts
		}
		for c, col := range cols {
			show[c] = !slices.Contains(dropped, col)
		}
		widths = cut(cols, show, natural, plan, limit)
		if total(show, widths) <= limit || left == 0 {
			return show, widths
		}
		for _, d := range drops {
			if slices.Contains(cols, d) && !slices.Contains(dropped, d) {
				dropped = append(dropped, d)
				break
			}
		}
	}
}

// cut applies shrinks in order to the shown columns, each only as far as
// still needed to fit limit.
func cut(cols []columns.Column, show []bool, natural []int, plan []shrink, limit int) []int {
	widths := slices.Clone(natural)
	for _, s := range plan {
		c := slices.Index(cols, s.col)
		if c < 0 || !show[c] {
			continue
		}
		over := total(show, widths) - limit
		if over <= 0 {
			break
		}
		widths[c] = min(widths[c], max(s.min, widths[c]-over))
	}
	return widths
}

// total is the width of a row with the shown columns.
func total(show []bool, widths []int) int {
	sum, n := 0, 0
	for c, ok := range show {
		if ok {
			sum += widths[c]
			n++
		}
	}
	return sum + len(gap)*(n-1)
}

// writeTSV writes one line per image, values separated by tabs, after a
// line of headers unless o.NoHeader. A missing value is an empty field.
// Values are sanitised, so they hold no tab or newline; any left would be
// made spaces, so a line is always one record.
func writeTSV(w *bufio.Writer, images []api.Image, o Options) {
	cols := o.columns()
	loc := o.location()
	fields := make([]string, len(cols))
	if !o.NoHeader {
		for c, col := range cols {
			fields[c] = col.Header()
		}
		writeLine(w, strings.Join(fields, "\t"))
	}
	for i := range images {
		for c, col := range cols {
			fields[c] = strings.Map(tsvSafe, col.Value(&images[i], loc))
		}
		writeLine(w, strings.Join(fields, "\t"))
	}
}

func tsvSafe(r rune) rune {
	switch r {
	case '\t', '\n', '\r':
		return ' '
	}
	return r
}

// location is the time zone dates are shown in.
func (o Options) location() *time.Location {
	if o.Now.IsZero() {
		return time.UTC
	}
	return o.Now.Location()
}

func (o Options) columns() []columns.Column {
	if o.Columns == nil {
		return DefaultColumns(catalog.TabAll, catalog.SortName)
	}
	return o.Columns
}
