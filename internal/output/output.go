// Package output writes what `gcimg list` prints for people and scripts:
// an aligned table, tab-separated values, JSON, or one ID or slug per
// line. Every string the API
// sent is treated as hostile: the table and the line formats pass it
// through text.Sanitize, and JSON escapes it, so nothing in a catalog
// entry can reach the terminal as a control sequence.
package output

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/enum"
	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// Format is an output format of `gcimg list`.
type Format string

// The output formats.
const (
	Table Format = "table"
	TSV   Format = "tsv"
	JSON  Format = "json"
	IDs   Format = "ids"
	Slugs Format = "slugs"
)

// Formats is every format, in the order help text shows them.
var Formats = enum.Of("output format", Table, TSV, JSON, IDs, Slugs)

// HasColumns reports whether format f prints columns (and a header line),
// so that Options.Columns and NoHeader mean something to it.
func HasColumns(f Format) bool { return f == Table || f == TSV }

// Options tune the table and TSV; the other formats ignore them.
type Options struct {
	// Width is the terminal width in cells; 0 means unlimited (output is
	// not a terminal) and nothing is truncated.
	Width int
	// Now supplies the time zone dates are shown in (the zero value means
	// UTC), so a caller passes time.Now() and tests pin a zone.
	Now time.Time
	// NoHeader leaves out the header row.
	NoHeader bool
	// Columns are the columns, in order; nil means DefaultColumns for the
	// All tab.
	Columns []columns.Column
	// Chosen says the user named the columns: a narrow terminal cuts
	// their text but never leaves one out.
	Chosen bool
}

// Write writes images to w in format f.
func Write(w io.Writer, images []api.Image, f Format, o Options) error {
	bw := bufio.NewWriter(w)
	var err error
	switch f {
	case Table:
		writeTable(bw, images, o)
	case TSV:
		writeTSV(bw, images, o)
	case JSON:
		err = writeJSON(bw, images)
	case IDs:
		for i := range images {
			writeLine(bw, text.Sanitize(images[i].ID))
		}
	case Slugs:
		for i := range images {
			writeLine(bw, slugOrID(&images[i]))
		}
	default:
		return Formats.Unknown(string(f))
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", f, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", f, err)
	}
	return nil
}

// slugOrID is what scripts pass back to the API to name an image: the
// slug, or the ID when the slug is null, empty, or nothing but characters
// that sanitising removes.
func slugOrID(im *api.Image) string {
	if s := strings.TrimSpace(text.Sanitize(im.SlugOr(""))); s != "" {
		return s
	}
	return text.Sanitize(im.ID)
}

// writeLine writes s and a newline. bufio.Writer keeps the first error and
// reports it from Flush, so the per-line results need no checking.
func writeLine(w *bufio.Writer, s string) {
	w.WriteString(s)
	w.WriteByte('\n')
}
