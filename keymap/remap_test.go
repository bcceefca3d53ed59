package keymap

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// press builds the key press Bubble Tea delivers for a key name, so tests
// match bindings the way the running program does.
func press(t *testing.T, name string) tea.KeyPressMsg {
	t.Helper()
	named := map[string]rune{
		"enter": tea.KeyEnter, "tab": tea.KeyTab, "backspace": tea.KeyBackspace, "esc": tea.KeyEscape,
		"space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"insert": tea.KeyInsert, "delete": tea.KeyDelete, "f1": tea.KeyF1, "f12": tea.KeyF12,
	}
	mods := map[string]tea.KeyMod{"ctrl": tea.ModCtrl, "alt": tea.ModAlt, "shift": tea.ModShift,
		"meta": tea.ModMeta, "hyper": tea.ModHyper, "super": tea.ModSuper}
	var k tea.Key
	rest := name
	for {
		m, after, ok := strings.Cut(rest, "+")
		if !ok || after == "" || mods[m] == 0 {
			break
		}
		k.Mod |= mods[m]
		rest = after
	}
	if code, ok := named[rest]; ok {
		k.Code = code
		if rest == "space" && k.Mod == 0 {
			k.Text = " "
		}
	} else {
		r := []rune(rest)
		if len(r) != 1 {
			t.Fatalf("press: no key press for %q", name)
		}
		k.Code = r[0]
		if k.Mod == 0 {
			k.Text = rest
			if lower := []rune(strings.ToLower(rest))[0]; lower != r[0] {
				k.Code, k.ShiftedCode, k.Mod = lower, r[0], tea.ModShift
			}
		}
	}
	msg := tea.KeyPressMsg(k)
	if got := msg.String(); got != name {
		t.Fatalf("press(%q) builds a key press Bubble Tea names %q", name, got)
	}
	return msg
}

// TestActionsCoverKeyMap makes the table the one place actions are
// declared: every binding in KeyMap has exactly one action, named after
// its view.
func TestActionsCoverKeyMap(t *testing.T) {
	km := Default()
	owner := map[*key.Binding]string{}
	name := regexp.MustCompile(`^([a-z]+)\.[a-z][a-z0-9_]*$`)
	for _, a := range Actions() {
		m := name.FindStringSubmatch(a.Name)
		if m == nil || m[1] != a.View || !slices.Contains(Views, a.View) {
			t.Errorf("action %q (view %q): want <view>.<snake_case> with view one of %v", a.Name, a.View, Views)
		}
		b := a.Binding(&km)
		if prev, dup := owner[b]; dup {
			t.Errorf("actions %s and %s name the same binding", prev, a.Name)
		}
		owner[b] = a.Name
	}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch {
		case v.Type() == reflect.TypeFor[key.Binding]():
			if _, ok := owner[v.Addr().Interface().(*key.Binding)]; !ok {
				t.Errorf("KeyMap.%s has no action: add one line to the actions table in keymap/remap.go", path)
			}
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), strings.TrimPrefix(path+"."+v.Type().Field(i).Name, "."))
			}
		case v.Kind() == reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), path+"["+string(rune('0'+i))+"]")
			}
		}
	}
	walk(reflect.ValueOf(&km).Elem(), "")
}

func TestDefaultAppliesCleanly(t *testing.T) {
	km := Default()
	if err := km.Apply(nil, nil, ""); err != nil {
		t.Fatalf("the default keymap conflicts with itself: %v", err)
	}
	if !reflect.DeepEqual(km, Default()) {
		t.Error("applying nothing changed the keymap")
	}
}

// TestApplyDoneWhen is the acceptance case: j and k swapped, q
// unbound.
func TestApplyDoneWhen(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{
		"list.down": {"k", "down"},
		"list.up":   {"j", "up"},
		"list.quit": {},
	}, map[string]int{"list.down": 3, "list.up": 4, "list.quit": 5}, "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		key     string
		binding key.Binding
		want    bool
	}{
		{"k", km.List.Down, true},
		{"down", km.List.Down, true},
		{"j", km.List.Down, false},
		{"j", km.List.Up, true},
		{"up", km.List.Up, true},
		{"k", km.List.Up, false},
		{"q", km.List.Quit, false},
		{"j", km.Detail.Down, true},           // other views keep their keys
		{"q", km.Picker.Cancel, true},         // unbinding list.quit leaves the picker's q
		{"ctrl+c", km.Global.ForceQuit, true}, // actions not named keep their keys
		{"G", km.List.End, true},
		{"alt+enter", km.List.Detail, false}, // modifiers matter
	}
	for _, c := range cases {
		if got := key.Matches(press(t, c.key), c.binding); got != c.want {
			t.Errorf("key %q matches %q binding = %v, want %v", c.key, c.binding.Help().Desc, got, c.want)
		}
	}
	if km.List.Quit.Enabled() {
		t.Error("list.quit is unbound but still enabled, so the help bar would show it")
	}
	if got := km.List.Down.Help().Key; got != "k/↓" {
		t.Errorf("help for list.down = %q, want the user's keys %q", got, "k/↓")
	}
	if strings.Contains(km.MarkdownTable(), "| list | `q` |") {
		t.Error("the keys table still lists q for the list after unbinding it")
	}
}

func TestApplyHelpText(t *testing.T) {
	cases := []struct {
		name   string
		action string
		keys   []string
		help   func(KeyMap) key.Binding
		want   string
	}{
		{"arrows become arrows", "list.up", []string{"up", "ctrl+up"}, func(k KeyMap) key.Binding { return k.List.Up }, "↑/ctrl+↑"},
		{"one key", "global.help", []string{"f1"}, func(k KeyMap) key.Binding { return k.Global.Help }, "f1"},
		{"pgdown is pgdn as in the defaults", "list.page_down", []string{"pgdown", "space"}, func(k KeyMap) key.Binding { return k.List.PageDown }, "pgdn/space"},
		{"same keys keep the default help", "list.down", []string{"down", "j"}, func(k KeyMap) key.Binding { return k.List.Down }, "↓/j"},
		{"tab jumps summarise the user's keys", "list.tab_all", []string{"0"}, func(k KeyMap) key.Binding { return k.List.tabsHelp() }, "0/2/3/4/5"},
		{"tab jumps summarise the defaults", "list.sort", []string{"o"}, func(k KeyMap) key.Binding { return k.List.tabsHelp() }, "1-5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			km := Default()
			if err := km.Apply(map[string][]string{c.action: c.keys}, nil, ""); err != nil {
				t.Fatal(err)
			}
			if got := c.help(km).Help().Key; got != c.want {
				t.Errorf("help = %q, want %q", got, c.want)
			}
		})
	}
}

func TestApplyUnbindAllTabsHidesTheirHelp(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{
		"list.tab_all": {}, "list.tab_base_os": {}, "list.tab_cloud_image": {},
		"list.tab_preconfigured": {}, "list.tab_snapshot": {},
	}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if km.List.tabsHelp().Enabled() {
		t.Error("the 1-5 help entry shows with every tab jump unbound")
	}
}

func TestApplyErrors(t *testing.T) {
	cases := []struct {
		name  string
		keys  map[string][]string
		lines map[string]int
		want  []string // the whole message, one entry per line
	}{
		{
			name:  "two file lines bind one key in the list",
			keys:  map[string][]string{"list.down": {"j"}, "list.filter": {"j"}},
			lines: map[string]int{"list.down": 12, "list.filter": 14},
			want:  []string{`config.yaml:12: key "j" is bound to both list.down and list.filter (line 14) in the list view`},
		},
		{
			name:  "the earlier line leads",
			keys:  map[string][]string{"list.down": {"j"}, "list.filter": {"j"}},
			lines: map[string]int{"list.down": 14, "list.filter": 12},
			want:  []string{`config.yaml:12: key "j" is bound to both list.filter and list.down (line 14) in the list view`},
		},
		{
			name:  "a rebind onto a default key",
			keys:  map[string][]string{"list.sort": {"j"}},
			lines: map[string]int{"list.sort": 7},
			want: []string{`config.yaml:7: key "j" is bound to both list.sort and list.down (by default) in the list view; ` +
				`bind list.down to other keys, or unbind it with list.down: []`},
		},
		{
			name:  "a global key clashes in every view that has it",
			keys:  map[string][]string{"global.help": {"r"}},
			lines: map[string]int{"global.help": 3},
			want: []string{`config.yaml:3: key "r" is bound to both global.help and list.region (by default) in the list view; ` +
				`bind list.region to other keys, or unbind it with list.region: []`},
		},
		{
			name:  "global keys clash with each other",
			keys:  map[string][]string{"global.help": {"ctrl+c"}},
			lines: map[string]int{"global.help": 3},
			want: []string{`config.yaml:3: key "ctrl+c" is bound to both global.help and global.force_quit (by default) in every view; ` +
				`bind global.force_quit to other keys, or unbind it with global.force_quit: []`},
		},
		{
			name:  "a command key clashes in the filter prompt",
			keys:  map[string][]string{"global.help": {"ctrl+n"}},
			lines: map[string]int{"global.help": 3},
			want: []string{
				`config.yaml:3: key "ctrl+n" is bound to both global.help and filter.down (by default) in the filter prompt; ` +
					`bind filter.down to other keys, or unbind it with filter.down: []`,
				`config.yaml:3: key "ctrl+n" is bound to both global.help and detail.next (by default) in the detail view; ` +
					`bind detail.next to other keys, or unbind it with detail.next: []`,
			},
		},
		{
			name:  "every clash is reported, in line order",
			keys:  map[string][]string{"list.sort": {"j"}, "detail.back": {"k"}},
			lines: map[string]int{"list.sort": 9, "detail.back": 4},
			want: []string{
				`config.yaml:4: key "k" is bound to both detail.back and detail.up (by default) in the detail view; bind detail.up to other keys, or unbind it with detail.up: []`,
				`config.yaml:9: key "j" is bound to both list.sort and list.down (by default) in the list view; bind list.down to other keys, or unbind it with list.down: []`,
			},
		},
		{
			name:  "unknown action",
			keys:  map[string][]string{"list.donw": {"j"}},
			lines: map[string]int{"list.donw": 2},
			want:  []string{`config.yaml:2: unknown action "list.donw": did you mean "list.down"? (` + "`gcimg config default`" + ` lists every action)`},
		},
		{
			name:  "bad key name",
			keys:  map[string][]string{"list.down": {"Enter"}},
			lines: map[string]int{"list.down": 2},
			want:  []string{`config.yaml:2: list.down: unknown key "Enter": key names are lower case; write "enter"`},
		},
		{
			name: "no file, no location",
			keys: map[string][]string{"list.sort": {"q"}},
			want: []string{`key "q" is bound to both list.sort and list.quit in the list view`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			km := Default()
			file := "config.yaml"
			if c.lines == nil {
				file = ""
			}
			err := km.Apply(c.keys, c.lines, file)
			if err == nil {
				t.Fatal("no error")
			}
			if got, want := err.Error(), strings.Join(c.want, "\n"); got != want {
				t.Errorf("error:\n got %s\nwant %s", got, want)
			}
			if !reflect.DeepEqual(km, Default()) {
				t.Error("a failed Apply changed the keymap")
			}
		})
	}
}

func TestApplyAllowed(t *testing.T) {
	cases := []struct {
		name string
		keys map[string][]string
	}{
		{"views do not share keys", map[string][]string{"picker.apply": {"r"}, "detail.back": {"r"}}},
		{"printable global keys are typed in the filter prompt", map[string][]string{"global.help": {"?"}, "filter.accept": {"?"}}},
		{"pick keys go before the list's", map[string][]string{"pick.accept": {"l"}}},
		{"unbinding frees a key", map[string][]string{"list.quit": {}, "list.sort": {"q"}}},
		{"moving a key", map[string][]string{"list.down": {"down"}, "list.filter": {"j", "/"}}},
		{"a key listed twice is one key", map[string][]string{"list.sort": {"o", "o"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			km := Default()
			if err := km.Apply(c.keys, nil, ""); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestCheckKey(t *testing.T) {
	valid := []string{
		"a", "G", "?", "/", "1", "é", "+", "enter", "esc", "tab", "space", "backspace", "up", "pgdown",
		"f1", "f12", "f63", "ctrl+r", "ctrl+c", "ctrl++", "alt+enter", "shift+tab", "ctrl+alt+delete",
		"ctrl+shift+up", "alt+shift+a", "super+k", "ctrl+_",
	}
	for _, k := range valid {
		if err := CheckKey(k); err != nil {
			t.Errorf("CheckKey(%q) = %v, want nil", k, err)
		}
	}
	invalid := []struct{ key, want string }{
		{"", "empty key name"},
		{" ", `written "space"`},
		{"Enter", `write "enter"`},
		{"escape", `write "esc"`},
		{"return", `write "enter"`},
		{"pgdn", `write "pgdown"`},
		{"ctrl+escape", `write "ctrl+esc"`},
		{"entr", `did you mean "enter"?`},
		{"pgdwon", `did you mean "pgdown"?`},
		{"shift+a", `never arrives: write "A"`},
		{"shift+1", `the character shift+1 types`},
		{"ctrl+A", `write "ctrl+shift+a"`},
		{"shift+ctrl+a", `write "ctrl+shift+a"`},
		{"Ctrl+r", `write "ctrl+r"`},
		{"control+r", `write "ctrl+r"`},
		{"ctrl+", "unknown key"},
		{"gg", "a key is one character"},
		{"f0", "unknown key"},
		{"f64", "unknown key"},
		{"\x01", "unknown key"},
	}
	for _, c := range invalid {
		err := CheckKey(c.key)
		if err == nil {
			t.Errorf("CheckKey(%q) = nil, want an error", c.key)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("CheckKey(%q) = %q, want it to say %q", c.key, err, c.want)
		}
	}
}

// TestCheckKeyAgreesWithBubbleTea checks the grammar against the names
// Bubble Tea gives real key presses.
func TestCheckKeyAgreesWithBubbleTea(t *testing.T) {
	cases := []tea.Key{
		{Code: 'r', Mod: tea.ModCtrl},
		{Code: tea.KeyTab, Mod: tea.ModShift},
		{Code: tea.KeyEnter, Mod: tea.ModAlt},
		{Code: tea.KeyPgDown},
		{Code: tea.KeyEscape},
		{Code: tea.KeySpace, Text: " "},
		{Code: 'g', ShiftedCode: 'G', Text: "G", Mod: tea.ModShift},
		{Code: '?', Text: "?"},
		{Code: tea.KeyF5},
		{Code: tea.KeyUp, Mod: tea.ModCtrl | tea.ModShift},
		{Code: 'a', Mod: tea.ModAlt | tea.ModShift},
		{Code: tea.KeyDelete, Mod: tea.ModCtrl | tea.ModAlt},
	}
	for _, k := range cases {
		name := tea.KeyPressMsg(k).String()
		if err := CheckKey(name); err != nil {
			t.Errorf("Bubble Tea names a key press %q but CheckKey rejects it: %v", name, err)
		}
	}
}
