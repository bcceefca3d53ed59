package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// write puts a config file in a temporary directory and returns its path.
func write(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func char(s string) tea.KeyPressMsg {
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// TestDoneWhen is the acceptance case: a config that swaps j and
// k, unbinds q, picks the light theme and a default region takes effect.
func TestDoneWhen(t *testing.T) {
	path := write(t, `theme: light
region: NORD-NO-KRS-1
keys:
  list.down: [k, down]
  list.up: [j, up]
  list.quit: []
`)
	c, err := Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Theme != "light" || c.Region != "NORD-NO-KRS-1" || c.Path != path {
		t.Errorf("theme %q, region %q, path %q", c.Theme, c.Region, c.Path)
	}
	if want := map[string]int{"list.down": 4, "list.up": 5, "list.quit": 6}; !reflect.DeepEqual(c.KeyLines, want) {
		t.Errorf("key lines = %v, want %v", c.KeyLines, want)
	}
	km, err := c.KeyMap()
	if err != nil {
		t.Fatal(err)
	}
	if !key.Matches(char("k"), km.List.Down) || key.Matches(char("j"), km.List.Down) {
		t.Error("k should move down and j should not")
	}
	if !key.Matches(char("j"), km.List.Up) || key.Matches(char("k"), km.List.Up) {
		t.Error("j should move up and k should not")
	}
	if key.Matches(char("q"), km.List.Quit) {
		t.Error("q still quits")
	}
	for _, b := range km.List.ShortHelp() {
		if b.Enabled() && b.Help().Desc == "quit" {
			t.Error("the help bar still shows quit")
		}
	}
	if got := km.List.Down.Help().Key; got != "k/↓" {
		t.Errorf("the help bar shows %q for down, want the user's keys k/↓", got)
	}
}

func TestLoadValues(t *testing.T) {
	cases := []struct {
		name string
		body string
		want Config // Path is filled in
	}{
		{"empty file", "", Config{}},
		{"only comments", "# nothing yet\n", Config{}},
		{"every setting", `endpoint: http://127.0.0.1:8080/compute/v1
tab: snapshot
region: EUC-DE-MUC-1
format: slug-version
clipboard: osc52
theme: none
layout: split
`, Config{Endpoint: "http://127.0.0.1:8080/compute/v1", Tab: "snapshot", Region: "EUC-DE-MUC-1",
			Format: "slug-version", Clipboard: "osc52", Theme: "none", Layout: "split"}},
		{"case is forgiven and normalised", "theme: Light\nregion: nord-no-krs-1\ntab: Base-OS\n",
			Config{Theme: "light", Region: "NORD-NO-KRS-1", Tab: "base-os"}},
		{`"" and null mean not set`, "theme: \"\"\nregion:\n", Config{}},
		{"one key as a string", "keys:\n  global.help: \"?\"\n  list.sort: o\n",
			Config{Keys: map[string][]string{"global.help": {"?"}, "list.sort": {"o"}},
				KeyLines: map[string]int{"global.help": 2, "list.sort": 3}}},
		{"empty keys section", "keys:\n", Config{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, c.body)
			got, err := Load(path, true)
			if err != nil {
				t.Fatal(err)
			}
			c.want.Path = path
			if !reflect.DeepEqual(*got, c.want) {
				t.Errorf("got  %+v\nwant %+v", *got, c.want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []string // each must appear; FILE stands for the path
	}{
		{
			name: "unknown setting",
			body: "theme: dark\nthem: light\n",
			want: []string{`FILE:2: unknown setting "them" (did you mean "theme"?); valid settings are endpoint, tab, region, format, clipboard, theme, layout, columns, keys`},
		},
		{
			name: "unknown action",
			body: "keys:\n  list.donw: [j]\n",
			want: []string{`FILE:2: unknown action "list.donw": did you mean "list.down"?`},
		},
		{
			name: "unknown view",
			body: "keys:\n  browser.down: [j]\n",
			want: []string{`FILE:2: unknown action "browser.down": actions are named <view>.<action> with view one of global, list, filter`},
		},
		{
			name: "bad key name",
			body: "keys:\n  list.down:\n    - j\n    - pgdn\n",
			want: []string{`FILE:4: list.down: unknown key "pgdn": write "pgdown"`},
		},
		{
			name: "unknown key lists the valid ones",
			body: "keys:\n  list.down: [hyperdrive]\n",
			want: []string{`FILE:2: list.down: unknown key "hyperdrive": a key is one character (a, G, ?, /), a named key (enter, esc, tab`},
		},
		{
			name: "several keys in one string",
			body: "keys:\n  list.down: j, down\n",
			want: []string{`FILE:2: list.down: "j, down" is several keys: write them as a list, list.down: [j, down]`},
		},
		{
			name: "bad layout",
			body: "theme: dark\nlayout: splt\n",
			want: []string{`FILE:2: invalid layout "splt" (did you mean "split"?); valid values are auto, list, split`},
		},
		{
			name: "bad theme",
			body: "theme: solarized\n",
			want: []string{`FILE:1: invalid theme "solarized"; valid values are auto, dark, light, none`},
		},
		{
			name: "bad theme, near miss",
			body: "\n\ntheme: ligth\n",
			want: []string{`FILE:3: invalid theme "ligth" (did you mean "light"?); valid values are auto, dark, light, none`},
		},
		{
			name: "bad format",
			body: "format: hcl\n",
			want: []string{`FILE:1: invalid format "hcl"; valid values are id, slug, slug-version, terraform, json`},
		},
		{
			name: "bad clipboard",
			body: "clipboard: xclip\n",
			want: []string{`FILE:1: invalid clipboard "xclip"; valid values are auto, osc52, tmux, native, off`},
		},
		{
			name: "bad tab",
			body: "tab: snapshots-and-more\n",
			want: []string{`FILE:1: invalid tab "snapshots-and-more"; valid values are all, base-os, cloud-image, preconfigured, snapshot`},
		},
		{
			name: "bad region",
			body: "region: NORD-NO-KSR-1\n",
			want: []string{`FILE:1: invalid region "NORD-NO-KSR-1" (did you mean "NORD-NO-KRS-1"?); known regions are ` + strings.Join(api.KnownRegions, ", ")},
		},
		{
			name: "malformed region",
			body: "region: somewhere nice\n",
			want: []string{`FILE:1: invalid region "somewhere nice"; known regions are `},
		},
		{
			name: "bad endpoint",
			body: "endpoint: api.genesiscloud.com\n",
			want: []string{`FILE:1: invalid endpoint "api.genesiscloud.com": want an http or https URL such as https://api.genesiscloud.com/compute/v1`},
		},
		{
			name: "a list where one value goes",
			body: "theme: [dark, light]\n",
			want: []string{`FILE:1: theme takes a single value, not a list; valid values are auto, dark, light, none`},
		},
		{
			name: "a setting twice",
			body: "theme: dark\ntab: all\ntheme: light\n",
			want: []string{`FILE:3: theme is set twice (first on line 1)`},
		},
		{
			name: "an action twice",
			body: "keys:\n  list.down: [j]\n  list.down: [down]\n",
			want: []string{`FILE:3: list.down is bound twice (first on line 2)`},
		},
		{
			name: "an action with nothing after it",
			body: "keys:\n  list.quit:\n",
			want: []string{`FILE:2: list.quit has no keys: write list.quit: [] to unbind it`},
		},
		{
			name: "keys not a mapping",
			body: "keys: [j, k]\n",
			want: []string{`FILE:1: keys is a mapping from action to keys`},
		},
		{
			name: "not a mapping",
			body: "- theme: dark\n",
			want: []string{`FILE:1: the config is a mapping of settings (for example ` + "`theme: light`" + `); valid settings are endpoint`},
		},
		{
			name: "YAML syntax",
			body: "theme: dark\nkeys:\n  list.down: [j\n",
			want: []string{`FILE:`, `invalid YAML`},
		},
		{
			name: "conflicting binding names both actions and lines",
			body: "theme: light\nkeys:\n  list.down: [j]\n  list.filter: [j, /]\n",
			want: []string{`FILE:3: key "j" is bound to both list.down and list.filter (line 4) in the list view`},
		},
		{
			name: "conflict with a default binding",
			body: "keys:\n  list.sort: [q]\n",
			want: []string{`FILE:2: key "q" is bound to both list.sort and list.quit (by default) in the list view; bind list.quit to other keys, or unbind it with list.quit: []`},
		},
		{
			name: "every mistake at once",
			body: "theme: blue\nformat: hcl\nkeys:\n  list.up: [Up]\n",
			want: []string{`FILE:1: invalid theme "blue"`, `FILE:2: invalid format "hcl"`, `FILE:4: list.up: unknown key "Up"`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, c.body)
			cfg, err := Load(path, false)
			if err == nil {
				t.Fatalf("no error; loaded %+v", cfg)
			}
			for _, w := range c.want {
				if w = strings.ReplaceAll(w, "FILE", path); !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%s\nwant it to contain:\n%s", err, w)
				}
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gcimg", "config.yaml")
	c, err := Load(path, false)
	if err != nil || c == nil || !reflect.DeepEqual(*c, Config{}) {
		t.Errorf("missing file at the default location: got %+v, %v; want an empty Config and no error", c, err)
	}
	_, err = Load(path, true)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("missing --config file: got %v, want an error naming %s", err, path)
	}
}

// uncomment turns every commented-out setting in the default file into a
// live one, the way a user deletes the #.
var commentedSetting = regexp.MustCompile(`(?m)^#(\s*[a-z][a-z0-9_.-]*:.*)$`)

func TestDefaultFileLoadsAsIs(t *testing.T) {
	c, err := Load(write(t, Default()), true)
	if err != nil {
		t.Fatalf("the default file does not load: %v", err)
	}
	if c.Endpoint+c.Tab+c.Region+c.Format+c.Clipboard+c.Theme != "" || len(c.Keys) != 0 {
		t.Errorf("the commented default file sets something: %+v", c)
	}
}

func TestDefaultFileUncommentedIsTheDefaults(t *testing.T) {
	body := commentedSetting.ReplaceAllString(Default(), "$1")
	c, err := Load(write(t, body), true)
	if err != nil {
		t.Fatalf("the uncommented default file does not load: %v\n%s", err, body)
	}
	want := Config{Endpoint: api.DefaultEndpoint, Tab: "all", Format: "id", Clipboard: "auto", Theme: "auto", Layout: "auto", Columns: map[catalog.Tab][]columns.Column{}}
	for _, tab := range catalog.Tabs.Values() {
		want.Columns[tab] = columns.Defaults(tab)
	}
	got := *c
	got.Keys, got.KeyLines, got.Path = nil, nil, ""
	if !reflect.DeepEqual(got, want) {
		t.Errorf("settings:\n got %+v\nwant %+v", got, want)
	}
	def := keymap.Default()
	for _, a := range keymap.Actions() {
		keys, ok := c.Keys[a.Name]
		if !ok {
			t.Errorf("the default file has no line for %s", a.Name)
			continue
		}
		if want := a.Binding(&def).Keys(); !reflect.DeepEqual(keys, want) {
			t.Errorf("%s: default file says %q, keymap says %q", a.Name, keys, want)
		}
	}
	km, err := c.KeyMap()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(km, keymap.Default()) {
		t.Errorf("the uncommented default file changes the keymap:\n%s\nwant\n%s", km.MarkdownTable(), keymap.Default().MarkdownTable())
	}
}

func TestDefaultFileFitsEightyColumns(t *testing.T) {
	for i, l := range strings.Split(Default(), "\n") {
		if n := len([]rune(l)); n > 80 {
			t.Errorf("line %d is %d columns: %s", i+1, n, l)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	cases := []struct {
		name string
		goos string
		env  map[string]string
		want string // "" means an error
	}{
		{"XDG_CONFIG_HOME wins on Linux", "linux", map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/home/u"}, "/x/gcimg/config.yaml"},
		{"XDG_CONFIG_HOME wins on macOS", "darwin", map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/Users/u"}, "/x/gcimg/config.yaml"},
		{"XDG_CONFIG_HOME wins on Windows", "windows", map[string]string{"XDG_CONFIG_HOME": "/x", "AppData": "/appdata"}, "/x/gcimg/config.yaml"},
		{"relative XDG_CONFIG_HOME is ignored", "linux", map[string]string{"XDG_CONFIG_HOME": "rel", "HOME": "/home/u"}, "/home/u/.config/gcimg/config.yaml"},
		{"Linux falls back to ~/.config", "linux", map[string]string{"HOME": "/home/u"}, "/home/u/.config/gcimg/config.yaml"},
		{"FreeBSD falls back to ~/.config", "freebsd", map[string]string{"HOME": "/home/u"}, "/home/u/.config/gcimg/config.yaml"},
		{"macOS falls back to Application Support", "darwin", map[string]string{"HOME": "/Users/u"}, "/Users/u/Library/Application Support/gcimg/config.yaml"},
		{"Windows falls back to AppData", "windows", map[string]string{"AppData": "/appdata"}, "/appdata/gcimg/config.yaml"},
		{"no home is an error", "linux", map[string]string{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := defaultPath(c.goos, func(k string) string { return c.env[k] })
			want := filepath.FromSlash(c.want)
			switch {
			case c.want == "" && err == nil:
				t.Errorf("got %q, want an error", got)
			case c.want != "" && (err != nil || got != want):
				t.Errorf("got %q, %v; want %q", got, err, want)
			}
		})
	}
}

func TestDefaultPathUsesThisPlatform(t *testing.T) {
	got, err := DefaultPath(func(k string) string {
		if k == "XDG_CONFIG_HOME" {
			return filepath.Join(string(filepath.Separator), "xdg")
		}
		return ""
	})
	if want := filepath.Join(string(filepath.Separator), "xdg", "gcimg", "config.yaml"); err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

// A region the provider added after this release must still be usable.
func TestLoadAcceptsANewRegionCode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("region: eun-fi-hel-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, true)
	if err != nil || c.Region != "EUN-FI-HEL-1" {
		t.Fatalf("region %q, err %v; want EUN-FI-HEL-1 accepted", c.Region, err)
	}
}

// TestRegion checks the one region check that the config file and
// --region share.
func TestRegion(t *testing.T) {
	tests := []struct {
		in, want, err string // err: what the error must say, "" for none
	}{
		{"", "", ""},
		{"NORD-NO-KRS-1", "NORD-NO-KRS-1", ""},
		{" nord-no-krs-1 ", "NORD-NO-KRS-1", ""},
		{"Arc-Is-Haf-1", "ARC-IS-HAF-1", ""},
		{"eun-fi-hel-1", "EUN-FI-HEL-1", ""}, // well formed, not known: a newer region
		{"NORD-NO-KSR-1", "", `invalid --region "NORD-NO-KSR-1" (did you mean "NORD-NO-KRS-1"?); known regions are ARC-IS-HAF-1, `},
		{"euc-de-muc-2", "", `invalid --region "euc-de-muc-2" (did you mean "EUC-DE-MUC-1"?)`},
		{"somewhere nice", "", `invalid --region "somewhere nice"; known regions are `},
		{"NORD_NO_KRS_1", "", `(did you mean "NORD-NO-KRS-1"?)`},
	}
	for _, tt := range tests {
		got, err := Region("--region", tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("Region(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || got != ""):
			t.Errorf("Region(%q) = %q, %v; want an error saying %q", tt.in, got, err, tt.err)
		}
	}
}

func TestLoadColumns(t *testing.T) {
	c, err := Load(write(t, `columns:
  snapshot: [name, status, size, regions, created]
  Cloud images: "name, slug,id"
  all:
    - name
    - version
`), true)
	if err != nil {
		t.Fatal(err)
	}
	want := map[catalog.Tab][]columns.Column{
		catalog.TabSnapshot:   {columns.Name, columns.Status, columns.Size, columns.Regions, columns.Created},
		catalog.TabCloudImage: {columns.Name, columns.Slug, columns.ID},
		catalog.TabAll:        {columns.Name, columns.Versions},
	}
	if !reflect.DeepEqual(c.Columns, want) {
		t.Errorf("columns = %v, want %v", c.Columns, want)
	}
	for _, tt := range []struct{ body, want string }{
		{"columns: [name]\n", ":1: columns is a mapping from tab to columns"},
		{"columns:\n  snapshots: [name]\n  snapshop: [name]\n", `:3: invalid tab in columns "snapshop" (did you mean "snapshot"?); valid values are all, base-os`},
		{"columns:\n  all: [name]\n  All: [slug]\n", ":3: columns for all are set twice (first on line 2)"},
		{"columns:\n  all:\n    - name\n    - sulg\n", `:4: invalid column for all "sulg" (did you mean "slug"?); valid values are name, slug, family`},
		{"columns:\n  all: [name, name]\n", ":2: columns for all name name twice"},
		{"columns:\n  all: []\n", ":2: columns for all: name one or more columns"},
		{"columns:\n  all:\n", ":2: columns for all: name one or more columns"},
		{"columns:\n  all: [name, [slug]]\n", ":2: columns for all: each column is a name such as name or slug, not a list"},
	} {
		_, err := Load(write(t, tt.body), true)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.body, err, tt.want)
		}
	}
}
