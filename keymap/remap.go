package keymap

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
)

// Views, as the first part of an action name ("list.down"). Global
// actions work in every view.
const (
	ViewGlobal = "global"
	ViewList   = "list"
	ViewFilter = "filter"
	ViewPicker = "picker"
	ViewDetail = "detail"
	ViewMenu   = "menu"   // the copy menu
	ViewHelp   = "help"   // the full help
	ViewNotice = "notice" // the box showing a value no clipboard took
	ViewPick   = "pick"   // `gcimg pick`, whose keys go before the list's
)

// Views lists the views in the order the docs and the default config
// show them.
var Views = []string{ViewGlobal, ViewList, ViewFilter, ViewPicker, ViewDetail, ViewMenu, ViewHelp, ViewNotice, ViewPick}

// Action is one thing a key can do, named "<view>.<field>" for config
// files: "list.down", "global.help".
type Action struct {
	Name string // "list.down"
	View string // "list": the part of Name before the dot
	// at is where the action's binding lives in a KeyMap.
	at func(*KeyMap) *key.Binding
}

// Binding returns the action's binding in k, to read or to change.
func (a Action) Binding(k *KeyMap) *key.Binding { return a.at(k) }

// actions is the one place an action is declared: adding a binding to
// KeyMap means adding its line here, and config files, the default
// config and conflict checks pick it up.
var actions = []Action{
	act("global.force_quit", func(k *KeyMap) *key.Binding { return &k.Global.ForceQuit }),
	act("global.help", func(k *KeyMap) *key.Binding { return &k.Global.Help }),

	act("list.up", func(k *KeyMap) *key.Binding { return &k.List.Up }),
	act("list.down", func(k *KeyMap) *key.Binding { return &k.List.Down }),
	act("list.page_up", func(k *KeyMap) *key.Binding { return &k.List.PageUp }),
	act("list.page_down", func(k *KeyMap) *key.Binding { return &k.List.PageDown }),
	act("list.home", func(k *KeyMap) *key.Binding { return &k.List.Home }),
	act("list.end", func(k *KeyMap) *key.Binding { return &k.List.End }),
	act("list.next_tab", func(k *KeyMap) *key.Binding { return &k.List.NextTab }),
	act("list.prev_tab", func(k *KeyMap) *key.Binding { return &k.List.PrevTab }),
	act("list.tab_all", func(k *KeyMap) *key.Binding { return &k.List.Tabs[0] }),
	act("list.tab_base_os", func(k *KeyMap) *key.Binding { return &k.List.Tabs[1] }),
	act("list.tab_cloud_image", func(k *KeyMap) *key.Binding { return &k.List.Tabs[2] }),
	act("list.tab_preconfigured", func(k *KeyMap) *key.Binding { return &k.List.Tabs[3] }),
	act("list.tab_snapshot", func(k *KeyMap) *key.Binding { return &k.List.Tabs[4] }),
	act("list.filter", func(k *KeyMap) *key.Binding { return &k.List.Filter }),
	act("list.clear_filter", func(k *KeyMap) *key.Binding { return &k.List.ClearFilter }),
	act("list.region", func(k *KeyMap) *key.Binding { return &k.List.Region }),
	act("list.detail", func(k *KeyMap) *key.Binding { return &k.List.Detail }),
	act("list.preview", func(k *KeyMap) *key.Binding { return &k.List.Preview }),
	act("list.sort", func(k *KeyMap) *key.Binding { return &k.List.Sort }),
	act("list.reverse", func(k *KeyMap) *key.Binding { return &k.List.Reverse }),
	act("list.reload", func(k *KeyMap) *key.Binding { return &k.List.Reload }),
	act("list.retry", func(k *KeyMap) *key.Binding { return &k.List.Retry }),
	act("list.copy", func(k *KeyMap) *key.Binding { return &k.List.Copy }),
	act("list.copy_menu", func(k *KeyMap) *key.Binding { return &k.List.CopyMenu }),
	act("list.quit", func(k *KeyMap) *key.Binding { return &k.List.Quit }),

	act("filter.accept", func(k *KeyMap) *key.Binding { return &k.Filter.Accept }),
	act("filter.clear", func(k *KeyMap) *key.Binding { return &k.Filter.Clear }),
	act("filter.up", func(k *KeyMap) *key.Binding { return &k.Filter.Up }),
	act("filter.down", func(k *KeyMap) *key.Binding { return &k.Filter.Down }),

	act("picker.up", func(k *KeyMap) *key.Binding { return &k.Picker.Up }),
	act("picker.down", func(k *KeyMap) *key.Binding { return &k.Picker.Down }),
	act("picker.page_up", func(k *KeyMap) *key.Binding { return &k.Picker.PageUp }),
	act("picker.page_down", func(k *KeyMap) *key.Binding { return &k.Picker.PageDown }),
	act("picker.home", func(k *KeyMap) *key.Binding { return &k.Picker.Home }),
	act("picker.end", func(k *KeyMap) *key.Binding { return &k.Picker.End }),
	act("picker.apply", func(k *KeyMap) *key.Binding { return &k.Picker.Apply }),
	act("picker.cancel", func(k *KeyMap) *key.Binding { return &k.Picker.Cancel }),

	act("detail.back", func(k *KeyMap) *key.Binding { return &k.Detail.Back }),
	act("detail.up", func(k *KeyMap) *key.Binding { return &k.Detail.Up }),
	act("detail.down", func(k *KeyMap) *key.Binding { return &k.Detail.Down }),
	act("detail.page_up", func(k *KeyMap) *key.Binding { return &k.Detail.PageUp }),
	act("detail.page_down", func(k *KeyMap) *key.Binding { return &k.Detail.PageDown }),
	act("detail.home", func(k *KeyMap) *key.Binding { return &k.Detail.Home }),
	act("detail.end", func(k *KeyMap) *key.Binding { return &k.Detail.End }),
	act("detail.next", func(k *KeyMap) *key.Binding { return &k.Detail.Next }),
	act("detail.prev", func(k *KeyMap) *key.Binding { return &k.Detail.Prev }),
	act("detail.copy", func(k *KeyMap) *key.Binding { return &k.Detail.Copy }),
	act("detail.copy_menu", func(k *KeyMap) *key.Binding { return &k.Detail.CopyMenu }),
	act("detail.quit", func(k *KeyMap) *key.Binding { return &k.Detail.Quit }),

	act("menu.up", func(k *KeyMap) *key.Binding { return &k.Menu.Up }),
	act("menu.down", func(k *KeyMap) *key.Binding { return &k.Menu.Down }),
	act("menu.page_up", func(k *KeyMap) *key.Binding { return &k.Menu.PageUp }),
	act("menu.page_down", func(k *KeyMap) *key.Binding { return &k.Menu.PageDown }),
	act("menu.home", func(k *KeyMap) *key.Binding { return &k.Menu.Home }),
	act("menu.end", func(k *KeyMap) *key.Binding { return &k.Menu.End }),
	act("menu.apply", func(k *KeyMap) *key.Binding { return &k.Menu.Apply }),
	act("menu.cancel", func(k *KeyMap) *key.Binding { return &k.Menu.Cancel }),
	act("menu.entry_1", func(k *KeyMap) *key.Binding { return &k.Menu.Entries[0] }),
	act("menu.entry_2", func(k *KeyMap) *key.Binding { return &k.Menu.Entries[1] }),
	act("menu.entry_3", func(k *KeyMap) *key.Binding { return &k.Menu.Entries[2] }),
	act("menu.entry_4", func(k *KeyMap) *key.Binding { return &k.Menu.Entries[3] }),
	act("menu.entry_5", func(k *KeyMap) *key.Binding { return &k.Menu.Entries[4] }),
	act("menu.entry_6", func(k *KeyMap) *key.Binding { return &k.Menu.Entries[5] }),
	act("menu.entry_7", func(k *KeyMap) *key.Binding { return &k.Menu.Entries[6] }),
	act("menu.entry_8", func(k *KeyMap) *key.Binding { return &k.Menu.Entries[7] }),
	act("menu.entry_9", func(k *KeyMap) *key.Binding { return &k.Menu.Entries[8] }),

	act("help.up", func(k *KeyMap) *key.Binding { return &k.Help.Up }),
	act("help.down", func(k *KeyMap) *key.Binding { return &k.Help.Down }),
	act("help.page_up", func(k *KeyMap) *key.Binding { return &k.Help.PageUp }),
	act("help.page_down", func(k *KeyMap) *key.Binding { return &k.Help.PageDown }),
	act("help.home", func(k *KeyMap) *key.Binding { return &k.Help.Home }),
	act("help.end", func(k *KeyMap) *key.Binding { return &k.Help.End }),
	act("help.close", func(k *KeyMap) *key.Binding { return &k.Help.Close }),

	act("notice.up", func(k *KeyMap) *key.Binding { return &k.Notice.Up }),
	act("notice.down", func(k *KeyMap) *key.Binding { return &k.Notice.Down }),
	act("notice.page_up", func(k *KeyMap) *key.Binding { return &k.Notice.PageUp }),
	act("notice.page_down", func(k *KeyMap) *key.Binding { return &k.Notice.PageDown }),
	act("notice.home", func(k *KeyMap) *key.Binding { return &k.Notice.Home }),
	act("notice.end", func(k *KeyMap) *key.Binding { return &k.Notice.End }),
	act("notice.close", func(k *KeyMap) *key.Binding { return &k.Notice.Close }),

	act("pick.accept", func(k *KeyMap) *key.Binding { return &k.Pick.Accept }),
	act("pick.choose_as", func(k *KeyMap) *key.Binding { return &k.Pick.ChooseAs }),
	act("pick.cancel", func(k *KeyMap) *key.Binding { return &k.Pick.Cancel }),
}

func act(name string, at func(*KeyMap) *key.Binding) Action {
	view, _, _ := strings.Cut(name, ".")
	return Action{Name: name, View: view, at: at}
}

// Actions returns every action, grouped by view in the order of Views.
func Actions() []Action { return slices.Clone(actions) }

// ActionNames returns every action's name, in the order of Actions.
func ActionNames() []string {
	names := make([]string, len(actions))
	for i, a := range actions {
		names[i] = a.Name
	}
	return names
}

// LookupAction finds an action by name.
func LookupAction(name string) (Action, bool) {
	i := slices.IndexFunc(actions, func(a Action) bool { return a.Name == name })
	if i < 0 {
		return Action{}, false
	}
	return actions[i], true
}

// CheckAction returns nil for a known action name, and otherwise an error
// that suggests the nearest one.
func CheckAction(name string) error {
	if _, ok := LookupAction(name); ok {
		return nil
	}
	names := ActionNames()
	if sug := Closest(strings.ToLower(name), names); sug != "" {
		return fmt.Errorf("unknown action %q: did you mean %q? (`gcimg config default` lists every action)", name, sug)
	}
	view, _, _ := strings.Cut(name, ".")
	if !slices.Contains(Views, view) {
		return fmt.Errorf("unknown action %q: actions are named <view>.<action> with view one of %s (`gcimg config default` lists every action)",
			name, strings.Join(Views, ", "))
	}
	var same []string
	for _, a := range actions {
		if a.View == view {
			same = append(same, a.Name)
		}
	}
	return fmt.Errorf("unknown action %q: the %s actions are %s", name, view, strings.Join(same, ", "))
}

// Apply rebinds the actions named in keys: a list of keys replaces the
// action's keys and its help text, so the help bar shows the user's keys;
// an empty list unbinds it (it never matches and the help hides it).
// Actions not named keep their keys. Then no key may do two things in one
// view. lines gives each action's line in file, for error messages; both
// may be empty. On error k is unchanged: gcimg never starts with half a
// keymap.
func (k *KeyMap) Apply(keys map[string][]string, lines map[string]int, file string) error {
	next := *k
	var errs []located
	for _, name := range sortedByLine(keys, lines) {
		a, ok := LookupAction(name)
		if !ok {
			errs = append(errs, located{lines[name], CheckAction(name)})
			continue
		}
		ks := dedupe(keys[name])
		bad := false
		for _, s := range ks {
			if err := CheckKey(s); err != nil {
				errs = append(errs, located{lines[name], fmt.Errorf("%s: %w", name, err)})
				bad = true
			}
		}
		if !bad {
			rebind(a.Binding(&next), ks)
		}
	}
	if len(errs) == 0 {
		errs = conflicts(&next, lines)
	}
	if len(errs) > 0 {
		return joinLocated(errs, file)
	}
	*k = next
	return nil
}

// rebind sets b's keys, leaving it alone when they are what it has.
func rebind(b *key.Binding, ks []string) {
	if slices.Equal(ks, b.Keys()) && b.Enabled() {
		return
	}
	desc := b.Help().Desc
	if len(ks) == 0 {
		// No keys disables a binding: key.Matches never fires and the
		// help skips it. The description stays for anyone listing it.
		b.SetKeys()
		b.SetHelp("", desc)
		b.SetEnabled(false)
		return
	}
	b.SetKeys(ks...)
	b.SetHelp(HelpKeys(ks), desc)
	b.SetEnabled(true)
}

// HelpKeys is how the help bar shows a list of keys: joined with "/",
// arrows as arrows.
func HelpKeys(keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		mods, base := splitMods(k)
		switch base {
		case "up":
			base = "↑"
		case "down":
			base = "↓"
		case "left":
			base = "←"
		case "right":
			base = "→"
		case "pgdown":
			base = "pgdn"
		}
		out[i] = strings.Join(append(slices.Clone(mods), base), "+")
	}
	return strings.Join(out, "/")
}

// viewTitles name views in conflict messages.
var viewTitles = map[string]string{
	ViewList:   "the list view",
	ViewFilter: "the filter prompt",
	ViewPicker: "the region picker",
	ViewDetail: "the detail view",
	ViewMenu:   "the copy menu",
	ViewHelp:   "the help",
	ViewNotice: "the not-copied box",
	ViewPick:   "gcimg pick",
}

// conflicts finds keys that two actions answer to in one view. Global
// actions share every view. In the filter prompt characters are typed
// into the prompt rather than matched against global keys, so there only
// command keys (enter, ctrl+…) clash with global ones. Pick keys are
// matched before the list's and the prompt's on purpose (enter chooses
// rather than opening details), so they only clash among themselves and
// with global keys.
func conflicts(k *KeyMap, lines map[string]int) []located {
	var out []located
	for i, a := range actions {
		ba := a.Binding(k)
		if !ba.Enabled() {
			continue
		}
		for _, b := range actions[i+1:] {
			bb := b.Binding(k)
			if !bb.Enabled() {
				continue
			}
			for _, kk := range ba.Keys() {
				if !slices.Contains(bb.Keys(), kk) {
					continue
				}
				where, clash := shareView(a.View, b.View, kk)
				if clash {
					out = append(out, conflict(a.Name, b.Name, kk, where, lines))
				}
			}
		}
	}
	return out
}

// shareView reports whether actions of views va and vb both see key k,
// and where.
func shareView(va, vb, k string) (string, bool) {
	switch {
	case va == vb && va == ViewGlobal:
		return "every view", true
	case va == vb:
		return viewTitles[va], true
	case va != ViewGlobal && vb != ViewGlobal:
		return "", false
	}
	other := va
	if va == ViewGlobal {
		other = vb
	}
	if other == ViewFilter && IsTyped(k) {
		return "", false
	}
	return viewTitles[other], true
}

// conflict words one clash, led by the line the user wrote (the earlier
// one when both are in the file).
func conflict(a, b, k, where string, lines map[string]int) located {
	la, lb := lines[a], lines[b]
	if lb > 0 && (la == 0 || lb < la) {
		a, b, la, lb = b, a, lb, la
	}
	other := b
	switch {
	case lb > 0:
		other = fmt.Sprintf("%s (line %d)", b, lb)
	case la > 0:
		other = b + " (by default)"
	}
	err := fmt.Errorf("key %q is bound to both %s and %s in %s", k, a, other, where)
	if la > 0 && lb == 0 {
		err = fmt.Errorf("%w; bind %s to other keys, or unbind it with %s: []", err, b, b)
	}
	return located{la, err}
}

// located is an error at a line of the config file (0: no line).
type located struct {
	line int
	err  error
}

// joinLocated prefixes each error with file:line and joins them, in line
// order.
func joinLocated(errs []located, file string) error {
	slices.SortStableFunc(errs, func(a, b located) int { return cmp.Compare(a.line, b.line) })
	out := make([]error, len(errs))
	for i, e := range errs {
		switch {
		case file != "" && e.line > 0:
			out[i] = fmt.Errorf("%s:%d: %w", file, e.line, e.err)
		case file != "":
			out[i] = fmt.Errorf("%s: %w", file, e.err)
		default:
			out[i] = e.err
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	return errors.Join(out...)
}

// sortedByLine is keys' names in file order, then by name, so errors come
// out as the user reads the file.
func sortedByLine(keys map[string][]string, lines map[string]int) []string {
	names := make([]string, 0, len(keys))
	for n := range keys {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(lines[a], lines[b]), strings.Compare(a, b))
	})
	return names
}

func dedupe(ks []string) []string {
	out := make([]string, 0, len(ks))
	for _, k := range ks {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
