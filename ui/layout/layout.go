// Package layout says how the browser shares the width between the image
// list and a preview of the highlighted image beside it: the value set of
// the `layout` setting and the --layout flag, and the arithmetic both the
// renderer and the mouse's hit-testing read. It knows nothing of what the
// list or the preview show.
package layout

import "github.com/genesiscloud-tools/gcimg/internal/enum"

// Mode is how the body is laid out.
type Mode string

// The modes. Auto shows the preview on terminals AutoWidth columns wide
// or wider; Split shows it whenever there is room for both panes
// (MinSplitWidth); List never does.
const (
	Auto  Mode = "auto"
	List  Mode = "list"
	Split Mode = "split"
)

// Modes is every mode, for --layout, the config file and completion.
var Modes = enum.Of("layout", Auto, List, Split)

const (
	// AutoWidth is the narrowest terminal Auto shows the preview on:
	// there the list keeps the 80-odd columns it needs for a name, a
	// slug, regions and a date, and the preview shows an ID unwrapped.
	AutoWidth = 140
	// MinList and MinPreview are the narrowest the panes may be when
	// the preview is asked for (Split): below MinSplitWidth the list is
	// shown alone.
	MinList       = 60
	MinPreview    = 40
	MinSplitWidth = MinList + MinPreview
	// The preview wants 68 cells, where a JSON member holding a UUID
	// fits on one line beside its label, and the list 84, where it
	// shows a name, a slug, regions and a date; past both, the preview
	// takes two fifths, up to maxPreview, and the list the rest.
	wantPreview = 68
	wantList    = 84
	maxPreview  = 80
)

// Widths shares a body width cells wide under mode m: list is the
// list's width, preview the preview pane's, its border included (0: no
// preview, and list is width). list + preview is width.
func Widths(m Mode, width int) (list, preview int) {
	if !Splits(m, width) {
		return width, 0
	}
	preview = min(max(width*2/5, wantPreview), maxPreview, width-wantList)
	preview = min(max(preview, MinPreview), width-MinList)
	return width - preview, preview
}

// Splits reports whether the preview shows beside the list at width
// under m. An unknown mode is Auto.
func Splits(m Mode, width int) bool {
	switch m {
	case List:
		return false
	case Split:
		return width >= MinSplitWidth
	}
	return width >= AutoWidth
}
