// Package keymap holds every key binding gcimg answers to, with its help
// text, in one place. The root model matches keys only through these
// bindings and the help bar renders them, so what the help shows is what
// the keys do.
package keymap

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap groups the bindings by the view that owns them. Focus decides
// which group a key press is matched against; Global applies everywhere.
type KeyMap struct {
	Global GlobalKeys
	List   ListKeys
	Filter FilterKeys
	Picker PickerKeys
	Detail DetailKeys
	Menu   MenuKeys
	Pick   PickKeys
}

// GlobalKeys work in every view.
type GlobalKeys struct {
	ForceQuit key.Binding
	Help      key.Binding
}

// ListKeys drive the catalog list.
type ListKeys struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Home, End        key.Binding
	NextTab, PrevTab key.Binding
	Tabs             [5]key.Binding // 1 All … 5 Snapshots
	Filter           key.Binding
	ClearFilter      key.Binding
	Region           key.Binding
	Detail           key.Binding
	Sort             key.Binding
	Reload           key.Binding
	Retry            key.Binding
	Copy             key.Binding
	CopyMenu         key.Binding
	Quit             key.Binding
}

// FilterKeys apply while the filter prompt has focus; every other key is
// typed into the prompt.
type FilterKeys struct {
	Accept key.Binding
	Clear  key.Binding
	Up     key.Binding
	Down   key.Binding
}

// PickerKeys drive the region picker.
type PickerKeys struct {
	Up, Down key.Binding
	Apply    key.Binding
	Cancel   key.Binding
}

// DetailKeys drive the detail view.
type DetailKeys struct {
	Back             key.Binding
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Home, End        key.Binding
	Copy             key.Binding
	CopyMenu         key.Binding
}

// MenuKeys drive the copy menu; 1–9 also choose an entry directly.
type MenuKeys struct {
	Up, Down key.Binding
	Apply    key.Binding
	Cancel   key.Binding
}

// PickKeys apply in `gcimg pick`, before the list's own keys: enter
// chooses (in the list and in the filter prompt), cancel exits with 130.
type PickKeys struct {
	Accept key.Binding
	Cancel key.Binding
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// Default returns gcimg's default bindings.
func Default() KeyMap {
	return KeyMap{
		Global: GlobalKeys{
			ForceQuit: bind("ctrl+c", "quit", "ctrl+c"),
			Help:      bind("?", "help", "?"),
		},
		List: ListKeys{
			Up:       bind("↑/k", "up", "up", "k"),
			Down:     bind("↓/j", "down", "down", "j"),
			PageUp:   bind("pgup", "page up", "pgup", "ctrl+b"),
			PageDown: bind("pgdn", "page down", "pgdown", "ctrl+f"),
			Home:     bind("g/home", "first", "home", "g"),
			End:      bind("G/end", "last", "end", "G"),
			NextTab:  bind("tab", "next tab", "tab"),
			PrevTab:  bind("shift+tab", "prev tab", "shift+tab"),
			Tabs: [5]key.Binding{
				bind("1", "tab: All", "1"),
				bind("2", "tab: Base OS", "2"),
				bind("3", "tab: Cloud images", "3"),
				bind("4", "tab: Preconfigured", "4"),
				bind("5", "tab: Snapshots", "5"),
			},
			Filter:      bind("/", "filter", "/"),
			ClearFilter: bind("esc", "clear filter", "esc"),
			Region:      bind("r", "region", "r"),
			Detail:      bind("enter", "details", "enter", "right", "l"),
			Sort:        bind("s", "sort", "s"),
			Reload:      bind("ctrl+r", "reload", "ctrl+r"),
			Retry:       bind("R", "retry", "R"),
			Copy:        bind("c/y", "copy ID", "c", "y"),
			CopyMenu:    bind("C", "copy as…", "C"),
			Quit:        bind("q", "quit", "q"),
		},
		Filter: FilterKeys{
			Accept: bind("enter", "keep filter", "enter"),
			Clear:  bind("esc", "clear", "esc"),
			Up:     bind("↑", "up", "up", "ctrl+p"),
			Down:   bind("↓", "down", "down", "ctrl+n"),
		},
		Picker: PickerKeys{
			Up:     bind("↑/k", "up", "up", "k"),
			Down:   bind("↓/j", "down", "down", "j"),
			Apply:  bind("enter", "apply", "enter"),
			Cancel: bind("esc", "cancel", "esc", "q"),
		},
		Detail: DetailKeys{
			Back:     bind("esc", "back", "esc", "backspace", "left", "h"),
			Up:       bind("↑/k", "scroll up", "up", "k"),
			Down:     bind("↓/j", "scroll down", "down", "j"),
			PageUp:   bind("pgup", "page up", "pgup", "ctrl+b"),
			PageDown: bind("pgdn", "page down", "pgdown", "ctrl+f"),
			Home:     bind("g/home", "top", "home", "g"),
			End:      bind("G/end", "bottom", "end", "G"),
			Copy:     bind("c/y", "copy ID", "c", "y"),
			CopyMenu: bind("C", "copy as…", "C"),
		},
		Menu: MenuKeys{
			Up:     bind("↑/k", "up", "up", "k"),
			Down:   bind("↓/j", "down", "down", "j"),
			Apply:  bind("enter", "copy", "enter"),
			Cancel: bind("esc", "cancel", "esc", "q"),
		},
		Pick: PickKeys{
			Accept: bind("enter", "choose", "enter"),
			Cancel: bind("esc/q", "cancel", "esc", "q"),
		},
	}
}

// tabsHelp is one help entry standing for the five tab jumps: "1-5" with
// the default keys, else the keys the user bound, and hidden when every
// jump is unbound.
func (k ListKeys) tabsHelp() key.Binding {
	var keys, helps []string
	for _, b := range k.Tabs {
		if b.Enabled() {
			keys = append(keys, b.Keys()...)
			helps = append(helps, b.Help().Key)
		}
	}
	if len(keys) == 0 {
		return key.NewBinding(key.WithDisabled())
	}
	help := strings.Join(helps, "/")
	if help == "1/2/3/4/5" {
		help = "1-5"
	}
	return bind(help, "jump to tab", keys...)
}

// ShortHelp is the one-line help of the list view.
func (k ListKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.NextTab, k.Filter, k.Region, k.Detail, k.Copy, k.Quit}
}

// FullHelp is the list view's full help, in columns.
func (k ListKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.NextTab, k.PrevTab, k.tabsHelp(), k.Sort},
		{k.Filter, k.ClearFilter, k.Region, k.Detail},
		{k.Copy, k.CopyMenu, k.Reload, k.Retry, k.Quit},
	}
}

// ShortHelp is the one-line help of the filter prompt.
func (k FilterKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Accept, k.Clear, k.Up, k.Down}
}

// FullHelp is the filter prompt's full help.
func (k FilterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// ShortHelp is the one-line help of the region picker.
func (k PickerKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Apply, k.Cancel}
}

// FullHelp is the region picker's full help.
func (k PickerKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// ShortHelp is the one-line help of the detail view.
func (k DetailKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Down, k.Up, k.Copy, k.CopyMenu}
}

// FullHelp is the detail view's full help.
func (k DetailKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Back, k.Copy, k.CopyMenu}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}}
}

// ShortHelp is the one-line help of the copy menu.
func (k MenuKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Apply, k.Cancel}
}

// FullHelp is the copy menu's full help.
func (k MenuKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
