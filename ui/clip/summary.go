package clip

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// Summary is the toast for r, naming the copied value by label:
//
//	Copied ID 3b29…8724 (OSC 52 + tmux)
//	Copied Slug ubuntu-24.04 (wl-copy)
//	Not copied (no clipboard reached): ID 3b29a4c1-5e6f-4a7b-8c9d-0e1f2a3b8724
//
// A copied value is abbreviated in the middle when long (a UUID to its
// first and last four characters); a value that was not copied is shown
// whole, for the user to select. The result is sanitised single-line text.
func (r Result) Summary(label string) string {
	label = text.Sanitize(label)
	v := text.Sanitize(r.Text)
	if len(r.Via) == 0 {
		return "Not copied (no clipboard reached): " + join(label, v)
	}
	return "Copied " + join(label, abbreviate(v)) + " (" + text.Sanitize(strings.Join(r.Via, " + ")) + ")"
}

func join(label, v string) string {
	if label == "" {
		return v
	}
	return label + " " + v
}

var uuidRE = regexp.MustCompile(`\b([0-9a-fA-F]{4})[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{8}([0-9a-fA-F]{4})\b`)

// maxShown is the widest value a toast shows whole; "ubuntu-ml-nvidia-
// pytorch:20240423" still fits.
const maxShown = 40

// abbreviate shortens every UUID in v to its first and last four
// characters (so `"image": "<uuid>"` stays recognisable too), then cuts
// what is still wider than maxShown out of the middle.
func abbreviate(v string) string {
	v = uuidRE.ReplaceAllString(v, "$1"+text.Ellipsis+"$2")
	w := text.Width(v)
	if w <= maxShown {
		return v
	}
	keep := maxShown - text.Width(text.Ellipsis)
	head := ansi.Truncate(v, keep/2, "")
	room := keep - text.Width(head)
	// TruncateLeft keeps a wide cluster that straddles the cut; skip one
	// more cell until the tail fits.
	tail := ""
	for cut := w - room; cut <= w; cut++ {
		if tail = ansi.TruncateLeft(v, cut, ""); text.Width(tail) <= room {
			break
		}
	}
	return head + text.Ellipsis + tail
}
