package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

// viewTitles head each view's bindings in the default file.
var viewTitles = map[string]string{
	keymap.ViewGlobal: "Everywhere",
	keymap.ViewList:   "The image list",
	keymap.ViewFilter: "The filter prompt (characters are typed into the prompt)",
	keymap.ViewPicker: "The region picker",
	keymap.ViewDetail: "The detail view",
	keymap.ViewMenu:   "The copy menu (\"choose as…\" in gcimg pick)",
	keymap.ViewHelp:   "The full help (?)",
	keymap.ViewNotice: "The box that shows a value no clipboard took",
	keymap.ViewPick:   "gcimg pick (these go before the list's keys)",
}

// Default is a config file to start from (`gcimg config default`): every
// setting with its default value and its valid values, and every action
// with its default keys, all commented out. Deleting the # in front of a
// setting's line sets it to the default shown.
func Default() string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	para := func(text string) { b.WriteString(wrap(text, "# ", 78)) }

	para("gcimg config file.")
	line("#")
	para("gcimg reads it from $XDG_CONFIG_HOME/gcimg/config.yaml, or the platform's " +
		"config directory (`gcimg config path` prints where), or from --config FILE. " +
		"Every setting is commented out and shows its default: delete the # in front " +
		"of a line to set it. Flags beat environment variables, which beat this file. " +
		`"" means the default.`)
	line("")
	para("API base URL, including /compute/v1. Env: " + api.EnvEndpoint + ".")
	line("#endpoint: %s", api.DefaultEndpoint)
	line("")
	para("The tab to open on: " + catalog.Tabs.String() + ". Flag: --type.")
	line("#tab: %s", catalog.Tabs.Names()[0])
	line("")
	para(`Only show images available in this region ("" shows every region): ` +
		strings.Join(api.KnownRegions, ", ") + ". Flag: --region.")
	line(`#region: ""`)
	line("")
	para("What a copy copies and `gcimg pick` prints by default: " + refs.Kinds.String() + ".")
	line("#format: %s", refs.Kinds.Names()[0])
	line("")
	para("How copies reach the clipboard: " + clip.Methods.String() + ". Flag: --clipboard.")
	line("#clipboard: %s", clip.Methods.Names()[0])
	line("")
	para("Colours: " + theme.Modes.String() + ". auto follows the terminal's background; " +
		"NO_COLOR also turns colour off. Flag: --theme.")
	line("#theme: %s", theme.Auto)
	line("")
	para(fmt.Sprintf("How the browser lays out its screen: %s. split shows the highlighted "+
		"image's details beside the list, its ID and slug in full, wherever both fit (%d columns "+
		"and wider); auto does so from %d columns; list never does. Flag: --layout; the list's "+
		"preview key (list.preview) switches while gcimg runs.", layout.Modes, layout.MinSplitWidth, layout.AutoWidth))
	line("#layout: %s", layout.Auto)
	line("")
	para("The columns each tab of the browser shows, by tab (" + catalog.Tabs.String() + "), " +
		"in order: any of " + columns.Columns.String() + ". A tab left out keeps its " +
		"default, shown here. `gcimg list` ignores this (it has --columns), so a script's " +
		"output does not depend on this file.")
	line("#columns:")
	for _, tab := range catalog.Tabs.Values() {
		var names []string
		for _, c := range columns.Defaults(tab) {
			names = append(names, c.String())
		}
		line("#  %s: [%s]", catalog.Tabs.Name(tab), strings.Join(names, ", "))
	}
	line("")
	para("Key bindings: an action and its keys, `list.down: [j, down]`, or one key as a " +
		"string, `global.help: \"?\"`. [] unbinds an action. A key is one character " +
		"(j, G, ?), a named key (enter, esc, tab, space, backspace, up, down, left, right, " +
		"home, end, pgup, pgdown, insert, delete, f1 … f63), or either after modifiers in " +
		"the order ctrl+alt+shift (ctrl+r, alt+enter, shift+tab). Two actions may not " +
		"share a key in one view; the keys under Everywhere count in every view. To " +
		"rebind, delete the # in front of keys: and of the lines you change.")
	line("#keys:")

	km := keymap.Default()
	type row struct{ text, desc string }
	var rows []row
	width := 0
	for _, view := range keymap.Views {
		first := true
		for _, a := range keymap.Actions() {
			if a.View != view {
				continue
			}
			if first {
				title := viewTitles[view]
				if title == "" {
					title = view
				}
				rows = append(rows, row{text: "#  # " + title})
				first = false
			}
			bd := a.Binding(&km)
			var keys []string
			if bd.Enabled() {
				keys = bd.Keys()
			}
			quoted := make([]string, len(keys))
			for i, k := range keys {
				quoted[i] = yamlKey(k)
			}
			text := fmt.Sprintf("#  %s: [%s]", a.Name, strings.Join(quoted, ", "))
			rows = append(rows, row{text: text, desc: bd.Help().Desc})
			width = max(width, len(text))
		}
	}
	for _, r := range rows {
		if r.desc == "" {
			line("%s", r.text)
			continue
		}
		line("%-*s  # %s", width, r.text, r.desc)
	}
	return b.String()
}

// bareKey is a key YAML reads as the same string without quotes.
var bareKey = regexp.MustCompile(`^[a-z][a-z0-9+]*$|^[A-Z]$`)

// yamlKey writes a key for a flow list: bare when YAML reads it back as
// itself, else double-quoted ("?", "/", "1", "y").
func yamlKey(k string) string {
	switch k {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "Y", "N":
		return fmt.Sprintf("%q", k)
	}
	if bareKey.MatchString(k) {
		return k
	}
	return fmt.Sprintf("%q", k)
}

// wrap breaks text into lines of at most width columns, each starting
// with prefix.
func wrap(text, prefix string, width int) string {
	var b strings.Builder
	cur := prefix
	for _, w := range strings.Fields(text) {
		if cur != prefix && len([]rune(cur))+1+len([]rune(w)) > width {
			b.WriteString(cur + "\n")
			cur = prefix
		}
		if cur != prefix {
			cur += " "
		}
		cur += w
	}
	b.WriteString(cur + "\n")
	return b.String()
}
