// Package output writes what `gcimg list` prints for people and scripts:
// an aligned table, tab-separated values, JSON, or one ID or slug per
// line. Every string the API sent is treated as hostile: the table and
// TSV pass it through text.Sanitize, and JSON escapes it, so nothing in a
// catalog entry can reach the terminal as a control sequence. The line
// formats print identifiers a script passes back to the API, so they
// print each exactly as the API sent it or not at all (see refs):
// sanitised, an identifier can spell another image's.
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
	"github.com/genesiscloud-tools/gcimg/internal/refs"
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
	// Warn, when set, is told of each image a line format cannot print
	// as asked: a slug that is not clean text (its ID is printed
	// instead), or an ID that is not (the image is left out).
	Warn func(msg string)
}

// LeftOutError says that images were left out of a line format because
// their ID cannot be printed as it is. Everything else was written.
type LeftOutError struct{ N int }

func (e *LeftOutError) Error() string {
	noun := "images were"
	if e.N == 1 {
		noun = "image was"
	}
	return fmt.Sprintf("%d %s left out: their ID holds characters that cannot be printed as they are", e.N, noun)
}

// Write writes images to w in format f.
func Write(w io.Writer, images []api.Image, f Format, o Options) error {
	bw := bufio.NewWriter(w)
	var err, leftOut error
	switch f {
	case Table:
		writeTable(bw, images, o)
	case TSV:
		writeTSV(bw, images, o)
	case JSON:
		err = writeJSON(bw, images)
	case IDs, Slugs:
		left := 0
		for i := range images {
			if v, ok := name(&images[i], f == Slugs, o.Warn); ok {
				writeLine(bw, v)
			} else {
				left++
			}
		}
		if left > 0 {
			leftOut = &LeftOutError{left}
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
	return leftOut
}

// name is what scripts pass back to the API to name im: with slug, its
// slug, or the ID when the slug is null, empty or blank; otherwise the
// ID. Each exactly as the API sent it: a slug that is not clean text
// gives way to the ID, and an ID that is not leaves the image out
// (ok false), each said to warn.
func name(im *api.Image, slug bool, warn func(string)) (v string, ok bool) {
	say := func(format string, args ...any) {
		if warn != nil {
			warn(fmt.Sprintf(format, args...))
		}
	}
	label := strings.TrimSpace(text.Sanitize(im.Name))
	if slug {
		if v, err := refs.For(im, refs.Slug); err == nil {
			return v, true
		}
		if s := refs.Show(im.SlugOr("")); s != "" {
			if id, err := refs.For(im, refs.ID); err == nil {
				say("image %q: its slug %s holds characters that cannot be printed as they are; printed its ID %s instead", label, s, id)
				return id, true
			}
		}
	}
	if id, err := refs.For(im, refs.ID); err == nil {
		return id, true
	}
	say("image %q left out: its ID %s holds characters that cannot be printed as they are", label, refs.Show(im.ID))
	return "", false
}

// writeLine writes s and a newline. bufio.Writer keeps the first error and
// reports it from Flush, so the per-line results need no checking.
func writeLine(w *bufio.Writer, s string) {
	w.WriteString(s)
	w.WriteByte('\n')
}
