package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
)

// notice is the box a copy that reached no clipboard opens: the value, in
// full and wrapped to the screen, never cut, for the user to select by
// hand, and the warning that goes with it, if any. It stays until the
// user closes it.
type notice struct {
	label, value, warning string
	textPage
}

func newNotice(label, value, warning string) notice {
	return notice{label: text.Sanitize(label), value: text.Sanitize(value), warning: text.Sanitize(warning), textPage: newTextPage()}
}

// SetSize lays the box out in w×h, rendered with st; k names the key
// that closes it.
func (n *notice) SetSize(w, h int, st *theme.Styles, k keymap.PagerKeys) {
	n.st = st
	n.page.SetHeight(h)
	width := max(w-4, 8)
	var lines []string
	add := func(s string, style func(...string) string) {
		for _, l := range strings.Split(s, "\n") {
			lines = append(lines, "  "+style(l))
		}
	}
	add(ansi.Wordwrap("Not copied: no clipboard could be reached", width, " "), st.Error.Render)
	lines = append(lines, "")
	add(n.label, st.Detail.Label.Render)
	add(ansi.Hardwrap(n.value, width, true), st.Detail.Code.Render)
	if n.warning != "" {
		lines = append(lines, "")
		add(ansi.Wordwrap(n.warning, width, " "), st.Warn.Render)
	}
	lines = append(lines, "")
	help := "Select it with the mouse (in most terminals, hold shift)" + hint(k.Close, "; %s closes this box") + "."
	add(ansi.Wordwrap(help, width, " "), st.Dim.Render)
	n.page.SetLines(lines)
}
