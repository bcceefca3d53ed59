package keymap

import (
	"fmt"
	"strings"
)

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
