package output

import (
	"bufio"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// column indexes, in display order.
const (
	colName = iota
	colType
	colFamily
	colSlug
	colRegions
	colCreated
	colID
	numCols
)

var headers = [numCols]string{"NAME", "TYPE", "FAMILY", "SLUG", "REGIONS", "CREATED", "ID"}

const (
	gap     = "  " // between columns
	missing = "-"  // a null or empty value
)

// A plan is one way to make the table narrower: which columns to leave
// out, and which to shrink to at most how many cells, in order, each only
// as far as still needed.
type plan struct {
	drop   []int
	shrink []shrink
}

type shrink struct{ col, min int }

// plans are tried in order until one fits the width. Long free-text
// columns give way first, then whole columns in order of how little a
// reader of a narrow terminal misses them. NAME and ID are never dropped
// and ID is never cut: scripts and people copy it from here.
var plans = []plan{
	{nil, []shrink{{colName, 12}, {colFamily, 8}, {colRegions, 12}}},
	{[]int{colFamily}, []shrink{{colName, 12}, {colRegions, 12}}},
	{[]int{colFamily, colRegions}, []shrink{{colName, 12}}},
	{[]int{colFamily, colRegions, colCreated}, []shrink{{colName, 12}}},
	{[]int{colFamily, colRegions, colCreated, colType}, []shrink{{colName, 12}, {colSlug, 12}, {colName, 8}, {colSlug, 8}}},
	{[]int{colFamily, colRegions, colCreated, colType, colSlug}, []shrink{{colName, 8}, {colName, 1}}},
}

func writeTable(w *bufio.Writer, images []api.Image, o Options) {
	loc := time.UTC
	if !o.Now.IsZero() {
		loc = o.Now.Location()
	}
	rows := make([][numCols]string, 0, len(images)+1)
	if !o.NoHeader {
		rows = append(rows, headers)
	}
	for i := range images {
		rows = append(rows, cells(&images[i], loc))
	}
	if len(rows) == 0 {
		return
	}

	var natural [numCols]int
	for _, row := range rows {
		for c, cell := range row {
			natural[c] = max(natural[c], text.Width(cell))
		}
	}
	show, widths := layout(natural, o.Width)

	var line strings.Builder
	for _, row := range rows {
		line.Reset()
		last := numCols - 1 // ID, never dropped
		for c := range numCols {
			if !show[c] {
				continue
			}
			if c == last {
				line.WriteString(row[c]) // never cut, never padded
				break
			}
			line.WriteString(text.PadRight(row[c], widths[c]))
			line.WriteString(gap)
		}
		writeLine(w, strings.TrimRight(line.String(), " "))
	}
}

// cells renders one image as sanitised table cells.
func cells(im *api.Image, loc *time.Location) [numCols]string {
	created := missing
	if !im.CreatedAt.IsZero() {
		created = im.CreatedAt.In(loc).Format(time.DateOnly)
	}
	return [numCols]string{
		colName:    cell(im.Name),
		colType:    cell(string(im.Type)),
		colFamily:  cell(im.FamilyOr("")),
		colSlug:    cell(im.SlugOr("")),
		colRegions: cell(strings.Join(im.Regions, ",")),
		colCreated: created,
		colID:      cell(im.ID),
	}
}

// cell sanitises s and shows a missing value as "-", so every row has a
// value in every column and the columns still split on whitespace.
func cell(s string) string {
	s = strings.TrimSpace(text.Sanitize(s))
	if s == "" {
		return missing
	}
	return s
}

// layout decides which columns to show and how wide each is. With no
// width limit every column gets its natural width; otherwise the first
// plan that fits wins, or the last plan if none does (ID alone can be
// wider than a tiny terminal).
func layout(natural [numCols]int, limit int) (show [numCols]bool, widths [numCols]int) {
	for c := range show {
		show[c] = true
	}
	if limit <= 0 || total(show, natural) <= limit {
		return show, natural
	}
	for _, p := range plans {
		show, widths = apply(p, natural, limit)
		if total(show, widths) <= limit {
			break
		}
	}
	return show, widths
}

func apply(p plan, natural [numCols]int, limit int) (show [numCols]bool, widths [numCols]int) {
	widths = natural
	for c := range show {
		show[c] = true
	}
	for _, c := range p.drop {
		show[c] = false
	}
	for _, s := range p.shrink {
		if !show[s.col] {
			continue
		}
		over := total(show, widths) - limit
		if over <= 0 {
			break
		}
		widths[s.col] = min(widths[s.col], max(s.min, widths[s.col]-over))
	}
	return show, widths
}

// total is the width of a row with the given columns.
func total(show [numCols]bool, widths [numCols]int) int {
	sum, n := 0, 0
	for c, ok := range show {
		if ok {
			sum += widths[c]
			n++
		}
	}
	return sum + len(gap)*(n-1)
}
