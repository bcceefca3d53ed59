// Package columns is the registry of the columns gcimg can show for an
// image, shared by `gcimg list` (table and TSV) and the TUI's list: each
// column's name (as --columns and the config file's columns setting spell
// it), its header, and its plain value for an image; which columns each
// tab shows by default; and the parsing of a list of names. How wide a
// column is and how it is fitted to a terminal is the caller's.
package columns

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/enum"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// Column is one column.
type Column int

// The columns, in the order help lists them.
const (
	Name     Column = iota // the image's name
	Slug                   // its slug, what configs reference
	Family                 // its family ("Ubuntu")
	Type                   // its type ("cloud-image")
	ID                     // its ID
	Regions                // the regions it is available in, comma-separated
	Created                // the day it was created
	Updated                // the day it was last updated
	Status                 // a snapshot's status ("active")
	Size                   // a snapshot's size ("40 GiB")
	OS                     // its OS type ("linux")
	Versions               // its versions, comma-separated
	numColumns
)

var info = [numColumns]struct{ name, header string }{
	Name:     {"name", "NAME"},
	Slug:     {"slug", "SLUG"},
	Family:   {"family", "FAMILY"},
	Type:     {"type", "TYPE"},
	ID:       {"id", "ID"},
	Regions:  {"regions", "REGIONS"},
	Created:  {"created", "CREATED"},
	Updated:  {"updated", "UPDATED"},
	Status:   {"status", "STATUS"},
	Size:     {"size", "SIZE"},
	OS:       {"os", "OS"},
	Versions: {"versions", "VERSIONS"},
}

// Columns is every column, named as --columns and the config file name
// them ("region" and "version" are accepted for the plurals).
var Columns = enum.New("column", Column.String,
	Name, Slug, Family, Type, ID, Regions, Created, Updated, Status, Size, OS, Versions).
	Alias(Regions, "region").Alias(Versions, "version")

// String is the column's name ("name", "regions").
func (c Column) String() string {
	if c < 0 || c >= numColumns {
		return ""
	}
	return info[c].name
}

// Header is the column's heading ("NAME").
func (c Column) Header() string {
	if c < 0 || c >= numColumns {
		return ""
	}
	return info[c].header
}

// Value is c's value for im as plain text: sanitised (a value never holds
// a control character, a tab or a newline), and "" where the API sent
// nothing. Identifiers (the ID, slug and versions) are never sanitised,
// since a sanitised identifier can spell another image's: they are shown
// as refs.Show shows them, as they are or quoted and escaped. Dates are
// days (2006-01-02) in loc; nil means UTC.
func (c Column) Value(im *api.Image, loc *time.Location) string {
	switch c {
	case Name:
		return clean(im.Name)
	case Slug:
		return refs.Show(im.SlugOr(""))
	case Family:
		return clean(im.FamilyOr(""))
	case Type:
		return clean(string(im.Type))
	case ID:
		return refs.Show(im.ID)
	case Regions:
		return joined(im.Regions)
	case Created:
		return day(im.CreatedAt, loc)
	case Updated:
		return day(im.UpdatedAt, loc)
	case Status:
		return clean(im.StatusOr(""))
	case Size:
		if im.SizeGiB == nil {
			return ""
		}
		return strconv.FormatInt(*im.SizeGiB, 10) + " GiB"
	case OS:
		return clean(im.OSType)
	case Versions:
		out := make([]string, 0, len(im.Versions))
		for _, v := range im.Versions {
			if v = refs.Show(v); v != "" {
				out = append(out, v)
			}
		}
		return strings.Join(out, ",")
	}
	return ""
}

func clean(s string) string { return strings.TrimSpace(text.Sanitize(s)) }

// joined is a list's sanitised items, comma-separated, empty ones left
// out.
func joined(list []string) string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ",")
}

func day(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.DateOnly)
}

// Defaults are the columns tab t shows unless the user chose others: the
// name, the slug (what configs reference) in its own column, the regions
// and the creation day; the type on the All tab, which mixes them; and on
// the Snapshots tab their status and size.
func Defaults(t catalog.Tab) []Column {
	switch t {
	case catalog.TabAll:
		return []Column{Name, Slug, Type, Regions, Created}
	case catalog.TabSnapshot:
		return []Column{Name, Status, Size, Regions, Created}
	}
	return []Column{Name, Slug, Regions, Created}
}

// ForSort is cols as shown while rows are sorted by s: sorted by update
// time, CREATED becomes UPDATED (unless UPDATED is there already), so the
// column the rows are ordered by is on screen. cols is not modified.
func ForSort(cols []Column, s catalog.Sort) []Column {
	i := slices.Index(cols, Created)
	if s != catalog.SortUpdated || i < 0 || slices.Contains(cols, Updated) {
		return cols
	}
	out := slices.Clone(cols)
	out[i] = Updated
	return out
}

// Parse reads a comma-separated list of column names ("name, slug,id"):
// at least one, each a column (an *enum.Error names the valid ones), none
// twice.
func Parse(list string) ([]Column, error) {
	var names []string
	for n := range strings.SplitSeq(list, ",") {
		names = append(names, strings.TrimSpace(n))
	}
	return Check(names)
}

// Check is Parse for a list already split (the config file's YAML list).
func Check(names []string) ([]Column, error) {
	if len(names) == 0 || len(names) == 1 && names[0] == "" {
		return nil, fmt.Errorf("no columns; name one or more of %s", Columns)
	}
	out := make([]Column, 0, len(names))
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			return nil, fmt.Errorf("an empty column name; name one or more of %s, separated by commas", Columns)
		}
		c, err := Columns.Parse(n)
		if err != nil {
			return nil, err
		}
		if slices.Contains(out, c) {
			return nil, fmt.Errorf("column %s is named twice", c)
		}
		out = append(out, c)
	}
	return out, nil
}
