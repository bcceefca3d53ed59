package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"

	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/theme"
)

// helpView is the full help of the view it was opened over: every key of
// that view, then the keys that work everywhere, one per line, as a page
// that scrolls when the screen is short.
type helpView struct {
	title  string
	groups [][]key.Binding
	textPage
}

func newHelpView(title string, groups [][]key.Binding) helpView {
	return helpView{title: title, groups: groups, textPage: newTextPage()}
}

// SetSize lays the help out in a box of w×h, rendered with st.
func (hv *helpView) SetSize(w, h int, st *theme.Styles) {
	hv.st = st
	hv.page.SetHeight(h)
	hv.page.SetLines(helpLines(hv.title, hv.groups, w, st))
}

// helpLines renders groups of bindings one per line, key then what it
// does, with a blank line between groups; unbound keys are left out.
func helpLines(title string, groups [][]key.Binding, width int, st *theme.Styles) []string {
	keyW := 0
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() {
				keyW = max(keyW, text.Width(b.Help().Key))
			}
		}
	}
	keyW = min(keyW, max(width/3, 6))
	out := []string{"  " + st.Detail.Title.Render(title)}
	for _, g := range groups {
		out = append(out, "")
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			out = append(out, "  "+st.Help.FullKey.Render(text.PadRight(text.Truncate(b.Help().Key, keyW), keyW))+
				"  "+st.Help.FullDesc.Render(b.Help().Desc))
		}
	}
	return out
}

// viewNames title each view's full help.
var viewNames = map[focus]string{
	focusList:   "the image list",
	focusFilter: "the filter prompt (other keys type into it)",
	focusPicker: "the region picker",
	focusDetail: "the detail view",
	focusMenu:   "the copy menu",
	focusNotice: "the not-copied box",
}

// fullHelp is what the full help of view f lists: in pick mode pick's
// keys first (they go before the view's own), then the view's, then the
// global keys.
func (m *Model) fullHelp(f focus) (title string, groups [][]key.Binding) {
	k := m.keys
	pick := []key.Binding{k.Pick.Accept, k.Pick.ChooseAs, k.Pick.Cancel}
	switch f {
	case focusFilter:
		groups = k.Filter.FullHelp()
		pick = []key.Binding{k.Pick.Accept, k.Pick.Cancel}
	case focusPicker:
		groups = k.Picker.FullHelp()
		pick = nil
	case focusDetail:
		groups = k.Detail.FullHelp()
		pick = pick[:2] // esc goes back from the detail view
	case focusMenu:
		groups = k.Menu.FullHelp()
		pick = nil
	case focusNotice:
		groups = k.Notice.FullHelp()
		pick = nil
	default:
		groups = k.List.FullHelp()
	}
	if m.opts.Pick && pick != nil {
		groups = append([][]key.Binding{pick}, groups...)
	}
	groups = append(slices.Clone(groups), []key.Binding{k.Global.Help, k.Global.ForceQuit})
	mode := "Keys in "
	if m.opts.Pick {
		mode = "gcimg pick: keys in "
	}
	return mode + viewNames[f], groups
}

// shortHelp is the one line of help at the bottom of view f.
func (m *Model) shortHelp(f focus) []key.Binding {
	k := m.keys
	switch f {
	case focusFilter:
		if m.opts.Pick {
			return []key.Binding{k.Pick.Accept, k.Pick.Cancel, k.Filter.Up, k.Filter.Down}
		}
		return k.Filter.ShortHelp()
	case focusPicker:
		return append(k.Picker.ShortHelp(), k.Global.Help)
	case focusDetail:
		if m.opts.Pick {
			d := k.Detail
			return []key.Binding{k.Pick.Accept, k.Pick.ChooseAs, d.Back, d.Down, d.Up, k.Global.Help}
		}
		return append(k.Detail.ShortHelp(), k.Global.Help)
	case focusMenu:
		return append(k.Menu.ShortHelp(), k.Global.Help)
	case focusHelp:
		return k.Help.ShortHelp()
	case focusNotice:
		return k.Notice.ShortHelp()
	}
	if m.opts.Pick {
		// enter chooses here; the detail view is on its other keys.
		l := k.List
		return []key.Binding{k.Pick.Accept, k.Pick.ChooseAs, k.Pick.Cancel, l.Down, l.NextTab, l.Filter, l.Region, k.Global.Help}
	}
	return append(k.List.ShortHelp(), k.Global.Help)
}
