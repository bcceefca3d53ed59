// Package keymap holds every key binding gcimg answers to, with its help
// text, in one place. The root model matches keys only through these
// bindings and the help bar renders them, so what the help shows is what
// the keys do.
package keymap

import (
	"strconv"
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
	Help   PagerKeys // the full help
	Notice PagerKeys // the box that shows a value no clipboard took
	Pick   PickKeys
}

// ScrollKeys move through anything that scrolls: a cursor through the
// rows of a list or a menu, or the lines of a page of text.
type ScrollKeys struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Home, End        key.Binding
}

// GlobalKeys work in every view.
type GlobalKeys struct {
	ForceQuit key.Binding
	Help      key.Binding
}

// ListKeys drive the catalog list.
type ListKeys struct {
	ScrollKeys
	NextTab, PrevTab key.Binding
	Tabs             [5]key.Binding // 1 All … 5 Snapshots
	Filter           key.Binding
	ClearFilter      key.Binding
	Region           key.Binding
	Detail           key.Binding
	Preview          key.Binding // the preview beside the list, on or off
	Sort             key.Binding
	Reverse          key.Binding
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
	ScrollKeys
	Apply  key.Binding
	Cancel key.Binding
}

// DetailKeys drive the detail view. Next and Prev show the image of the
// list's next or previous row, moving the list's cursor with them.
type DetailKeys struct {
	Back key.Binding
	ScrollKeys
	Next, Prev key.Binding
	Copy       key.Binding
	CopyMenu   key.Binding
	Quit       key.Binding
}

// MenuKeys drive the copy menu. Entries choose the menu's first nine
// entries directly, as the menu numbers them.
type MenuKeys struct {
	ScrollKeys
	Apply   key.Binding
	Cancel  key.Binding
	Entries [9]key.Binding
}

// PagerKeys drive a page of text that is read and closed: the full help,
// and the box showing a value that no clipboard took.
type PagerKeys struct {
	ScrollKeys
	Close key.Binding
}

// PickKeys apply in `gcimg pick`, before the list's own keys: enter
// chooses (in the list, the filter prompt and the detail view), ChooseAs
// opens the menu of forms and prints the one chosen, cancel exits with
// 130.
type PickKeys struct {
	Accept   key.Binding
	ChooseAs key.Binding
	Cancel   key.Binding
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
			ScrollKeys: scrollKeys("up", "down", "first", "last"),
			NextTab:    bind("tab", "next tab", "tab"),
			PrevTab:    bind("shift+tab", "prev tab", "shift+tab"),
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
			Preview:     bind("p", "preview", "p"),
			Sort:        bind("s", "sort", "s"),
			Reverse:     bind("S", "reverse sort", "S"),
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
			ScrollKeys: scrollKeys("up", "down", "first", "last"),
			Apply:      bind("enter", "apply", "enter"),
			Cancel:     bind("esc", "cancel", "esc", "q"),
		},
		Detail: DetailKeys{
			Back:       bind("esc", "back", "esc", "backspace", "left", "h"),
			ScrollKeys: scrollKeys("scroll up", "scroll down", "top", "bottom"),
			Next:       bind("n", "next image", "n", "ctrl+n"),
			Prev:       bind("p", "prev image", "p", "ctrl+p"),
			Copy:       bind("c/y", "copy ID", "c", "y"),
			CopyMenu:   bind("C", "copy as…", "C"),
			Quit:       bind("q", "quit", "q"),
		},
		Menu: MenuKeys{
			ScrollKeys: scrollKeys("up", "down", "first", "last"),
			Apply:      bind("enter", "copy", "enter"),
			Cancel:     bind("esc", "cancel", "esc", "q"),
			Entries:    entryKeys(),
		},
		Help: PagerKeys{
			ScrollKeys: scrollKeys("scroll up", "scroll down", "top", "bottom"),
			Close:      bind("esc", "close", "esc", "q"),
		},
		Notice: PagerKeys{
			ScrollKeys: scrollKeys("scroll up", "scroll down", "top", "bottom"),
			Close:      bind("esc", "close", "esc", "enter", "q"),
		},
		Pick: PickKeys{
			Accept:   bind("enter", "choose", "enter"),
			ChooseAs: bind("C", "choose as…", "C"),
			Cancel:   bind("esc/q", "cancel", "esc", "q"),
		},
	}
}

// scrollKeys are the default scroll keys, with what up, down, home and
// end do in the view that has them.
func scrollKeys(up, down, home, end string) ScrollKeys {
	return ScrollKeys{
		Up:       bind("↑/k", up, "up", "k"),
		Down:     bind("↓/j", down, "down", "j"),
		PageUp:   bind("pgup", "page up", "pgup", "ctrl+b"),
		PageDown: bind("pgdn", "page down", "pgdown", "ctrl+f"),
		Home:     bind("g/home", home, "home", "g"),
		End:      bind("G/end", end, "end", "G"),
	}
}

// entryKeys choose the copy menu's entries 1 to 9 by their digits.
func entryKeys() [9]key.Binding {
	var out [9]key.Binding
	for i := range out {
		d := string(rune('1' + i))
		out[i] = bind(d, "entry "+d, d)
	}
	return out
}

// Help lists the scroll keys, for a view's full help.
func (k ScrollKeys) Help() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
}

// span is one help entry standing for a run of bindings (the tab jumps,
// the menu's entries): "1-5" when they are the digits from 1 up, else
// the keys the user bound, and hidden when every one is unbound.
func span(bs []key.Binding, desc string) key.Binding {
	var keys, helps []string
	for _, b := range bs {
		if b.Enabled() {
			keys = append(keys, b.Keys()...)
			helps = append(helps, b.Help().Key)
		}
	}
	if len(keys) == 0 {
		return key.NewBinding(key.WithDisabled())
	}
	digits := make([]string, len(bs))
	for i := range digits {
		digits[i] = strconv.Itoa(i + 1)
	}
	help := strings.Join(helps, "/")
	if help == strings.Join(digits, "/") {
		help = "1-" + digits[len(digits)-1]
	}
	return bind(help, desc, keys...)
}

// tabsHelp is one help entry for the five tab jumps.
func (k ListKeys) tabsHelp() key.Binding { return span(k.Tabs[:], "jump to tab") }

// EntriesHelp is one help entry for choosing a menu entry by its digit.
func (k MenuKeys) EntriesHelp() key.Binding { return span(k.Entries[:], "choose entry") }

// ShortHelp is the one-line help of the list view, most wanted first
// (a narrow screen drops hints from the end): find an image, look at
// it, copy it; then the rest.
func (k ListKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Filter, k.Detail, k.Copy, k.NextTab, k.Region, k.Quit, k.Preview}
}

// FullHelp is the list view's full help, in columns.
func (k ListKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.NextTab, k.PrevTab, k.tabsHelp(), k.Sort, k.Reverse},
		{k.Filter, k.ClearFilter, k.Region, k.Detail, k.Preview},
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
func (k PickerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Apply, k.Cancel}, k.ScrollKeys.Help()}
}

// ShortHelp is the one-line help of the detail view.
func (k DetailKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Next, k.Prev, k.Copy, k.CopyMenu, k.Down, k.Up, k.Quit}
}

// FullHelp is the detail view's full help.
func (k DetailKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Back, k.Next, k.Prev, k.Copy, k.CopyMenu, k.Quit}, k.ScrollKeys.Help()}
}

// ShortHelp is the one-line help of the copy menu.
func (k MenuKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Apply, k.EntriesHelp(), k.Cancel}
}

// FullHelp is the copy menu's full help.
func (k MenuKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Apply, k.EntriesHelp(), k.Cancel}, k.ScrollKeys.Help()}
}

// ShortHelp is the one-line help of a page of text: how to close it
// first, where a narrow screen cannot cut it off.
func (k PagerKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Close, k.Down, k.Up, k.PageDown}
}

// FullHelp is a page of text's full help.
func (k PagerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Close}, k.ScrollKeys.Help()}
}
