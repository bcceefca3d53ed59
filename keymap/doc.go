package keymap

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
)

// Section is one view's bindings, for documentation.
type Section struct {
	View     string
	Bindings []key.Binding
}

// Sections lists every binding by view, in the order the docs show them.
func (k KeyMap) Sections() []Section {
	flat := func(groups [][]key.Binding) []key.Binding {
		var out []key.Binding
		for _, g := range groups {
			out = append(out, g...)
		}
		return out
	}
	list := []key.Binding{k.List.Up, k.List.Down, k.List.PageUp, k.List.PageDown, k.List.Home, k.List.End,
		k.List.NextTab, k.List.PrevTab}
	list = append(list, k.List.Tabs[:]...)
	list = append(list, k.List.Filter, k.List.ClearFilter, k.List.Region, k.List.Detail, k.List.Sort,
		k.List.Copy, k.List.CopyMenu, k.List.Reload, k.List.Retry, k.List.Quit)
	return []Section{
		{View: "everywhere", Bindings: []key.Binding{k.Global.ForceQuit, k.Global.Help}},
		{View: "list", Bindings: list},
		{View: "filter prompt", Bindings: flat(k.Filter.FullHelp())},
		{View: "region picker", Bindings: flat(k.Picker.FullHelp())},
		{View: "detail", Bindings: flat(k.Detail.FullHelp())},
		{View: "copy menu", Bindings: flat(k.Menu.FullHelp())},
		{View: "gcimg pick", Bindings: []key.Binding{k.Pick.Accept, k.Pick.Cancel}},
	}
}

// MarkdownTable renders every binding as a Markdown table for the README:
// the view, the keys, what they do, and the action's name for the config
// file.
func (k KeyMap) MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| view | keys | action | config name |\n| --- | --- | --- | --- |\n")
	for _, a := range Actions() {
		bd := a.Binding(&k)
		if !bd.Enabled() {
			continue
		}
		keys := make([]string, 0, len(bd.Keys()))
		for _, kk := range bd.Keys() {
			keys = append(keys, "`"+kk+"`")
		}
		fmt.Fprintf(&b, "| %s | %s | %s | `%s` |\n", a.View, strings.Join(keys, " "), bd.Help().Desc, a.Name)
	}
	return b.String()
}
