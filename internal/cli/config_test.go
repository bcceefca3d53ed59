package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

// writeConfig puts body at $XDG_CONFIG_HOME/gcimg/config.yaml and returns
// an environment that points there.
func writeConfig(t *testing.T, body string) (vars, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "gcimg", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	v := withToken()
	v["XDG_CONFIG_HOME"] = dir
	return v, path
}

func TestConfigConflictStopsStartUp(t *testing.T) {
	v, path := writeConfig(t, "theme: light\nkeys:\n  list.down: [j]\n  list.filter: [j]\n")
	r := runCLI(t, v, "--demo", "list", "-o", "ids")
	if r.code != exitUsage || r.stdout != "" {
		t.Fatalf("exit %d with stdout %q, want 2 and nothing", r.code, r.stdout)
	}
	for _, want := range []string{path + ":", "list.down", "list.filter", `"j"`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestConfigBadValueNamesFileLineAndValidValues(t *testing.T) {
	v, path := writeConfig(t, "endpoint: https://api.genesiscloud.com/compute/v1\ntheme: purple\n")
	r := runCLI(t, v, "--demo", "list")
	if r.code != exitUsage || !strings.Contains(r.stderr, path+":2:") || !strings.Contains(r.stderr, "auto, dark, light, none") {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestConfigPrecedence(t *testing.T) {
	fake := startFake(t, plainImages(5))
	v, _ := writeConfig(t, "endpoint: https://example.invalid/compute/v1\n")
	// The file's endpoint is used when nothing else says otherwise: it
	// cannot be reached, so the error names it.
	if r := runCLI(t, v, "list", "--timeout", "2s"); r.code != exitFailure || !strings.Contains(r.stderr, "example.invalid") {
		t.Fatalf("file endpoint not used: exit %d\n%s", r.code, r.stderr)
	}
	// The flag beats the file.
	if r := runCLI(t, v, "list", "-o", "ids", "--endpoint", fake.URL); r.code != exitOK {
		t.Fatalf("flag endpoint lost to the file: exit %d\n%s", r.code, r.stderr)
	}
	// The environment beats the file, and the flag beats both.
	v["GENESISCLOUD_ENDPOINT"] = fake.URL
	if r := runCLI(t, v, "list", "-o", "ids"); r.code != exitOK {
		t.Fatalf("env endpoint not used: exit %d\n%s", r.code, r.stderr)
	}
	v["GENESISCLOUD_ENDPOINT"] = "https://example.invalid/compute/v1"
	if r := runCLI(t, v, "list", "-o", "ids", "--endpoint", fake.URL); r.code != exitOK {
		t.Fatalf("flag endpoint not used: exit %d\n%s", r.code, r.stderr)
	}
}

// TestListIgnoresBrowserDefaults checks that the file's tab and region,
// which are the browser's starting point, do not filter a script's list.
func TestListIgnoresBrowserDefaults(t *testing.T) {
	want := runCLI(t, withToken(), "--demo", "list", "-o", "ids")
	if want.code != exitOK {
		t.Fatalf("exit %d\n%s", want.code, want.stderr)
	}
	v, _ := writeConfig(t, "tab: snapshot\nregion: ARC-IS-HAF-1\n")
	got := runCLI(t, v, "--demo", "list", "-o", "ids")
	if got.code != exitOK || got.stdout != want.stdout {
		t.Fatalf("with tab and region in the file, list printed %d lines, want %d (exit %d)\n%s",
			strings.Count(got.stdout, "\n"), strings.Count(want.stdout, "\n"), got.code, got.stderr)
	}
}

// TestConfigFormatIsPickDefault checks that the file's format is what
// pick prints, and that --print still beats it. --select-1 with one match
// prints without a terminal.
func TestConfigFormatIsPickDefault(t *testing.T) {
	v, _ := writeConfig(t, "format: slug\n")
	pick := []string{"--demo", "pick", "--select-1", "--query", "ubuntu 24.04 nvidia"}
	if r := runCLI(t, v, pick...); r.code != exitOK || r.stdout != "ubuntu-24.04-nvidia\n" {
		t.Fatalf("with format: slug, pick printed %q (exit %d), want the slug\n%s", r.stdout, r.code, r.stderr)
	}
	if r := runCLI(t, v, append(pick, "--print", "terraform")...); r.code != exitOK || r.stdout != "image = \"ubuntu-24.04-nvidia\"\n" {
		t.Fatalf("--print terraform lost to the file: %q (exit %d)\n%s", r.stdout, r.code, r.stderr)
	}
}

func TestConfigCommands(t *testing.T) {
	v, path := writeConfig(t, "")
	if r := runCLI(t, v, "config", "path"); r.code != exitOK || strings.TrimSpace(r.stdout) != path {
		t.Fatalf("config path: exit %d, %q, want %q", r.code, r.stdout, path)
	}
	r := runCLI(t, v, "config", "default")
	if r.code != exitOK || !strings.Contains(r.stdout, "list.down") {
		t.Fatalf("config default: exit %d\n%s", r.code, r.stdout)
	}
	// The printed default must itself load.
	if err := os.WriteFile(path, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, v, "--demo", "list", "-o", "ids"); r.code != exitOK {
		t.Fatalf("the default config does not load: exit %d\n%s", r.code, r.stderr)
	}
	// config path works even when the file is broken.
	if err := os.WriteFile(path, []byte("nonsense: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, v, "config", "path"); r.code != exitOK {
		t.Fatalf("config path with a broken file: exit %d\n%s", r.code, r.stderr)
	}
}

func TestExplicitMissingConfigIsAnError(t *testing.T) {
	r := runCLI(t, withToken(), "--demo", "--config", filepath.Join(t.TempDir(), "nope.yaml"), "list")
	if r.code != exitUsage || !strings.Contains(r.stderr, "nope.yaml") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
}

// TestHintSaysWhereTheTokenAndEndpointCameFrom: the API's error says what
// failed; the command line adds where the token or endpoint came from, so
// the user knows which setting to fix.
func TestHintSaysWhereTheTokenAndEndpointCameFrom(t *testing.T) {
	t.Parallel()
	srv := startFake(t, edgeCases())
	noPath := strings.TrimSuffix(srv.URL, "/compute/v1")
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("not-the-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfgVars, cfgPath := writeConfig(t, "endpoint: "+noPath+"\n")
	tests := []struct {
		name string
		v    vars
		args []string
		want string
	}{
		{"token from --token-file", vars{}, []string{"--endpoint", srv.URL, "--token-file", tokenFile},
			"the token was read from --token-file " + tokenFile},
		{"token from the environment", vars{api.EnvToken: "not-the-token"}, []string{"--endpoint", srv.URL},
			"the token was read from " + api.EnvToken},
		{"endpoint from the environment", vars{api.EnvToken: testToken, api.EnvEndpoint: noPath}, nil,
			"the endpoint was set by " + api.EnvEndpoint},
		{"endpoint from the config file", cfgVars, nil,
			"the endpoint was set by the config file " + cfgPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, tt.v, append([]string{"list", "-o", "ids"}, tt.args...)...)
			if r.code != exitFailure || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("want exit 1 and %q in stderr:\n%s", tt.want, r)
			}
		})
	}
}

// TestBrowserErrorsCarryTheHint: the browser's client adds the hint too,
// so a rejected token on screen says where it came from.
func TestBrowserErrorsCarryTheHint(t *testing.T) {
	t.Parallel()
	srv := startFake(t, edgeCases())
	g := &globals{endpoint: srv.URL}
	o, _, cleanup, err := uiOptions(g, env{getenv: vars{api.EnvToken: "not-the-token"}.getenv})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	_, err = o.Client.ListImages(t.Context(), api.ListOptions{Page: 1})
	if ae, ok := errors.AsType[*api.APIError](err); !ok || ae.Status != 401 {
		t.Fatalf("err = %v, want a 401 APIError", err)
	}
	if want := "the token was read from " + api.EnvToken; !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want it to say %q", err, want)
	}
}

// TestConfigColumns: the file's columns reach the browser's options, and
// list ignores them (a script's output must not depend on the file).
func TestConfigColumns(t *testing.T) {
	v, _ := writeConfig(t, "columns:\n  snapshot: [name, size]\n  all: [id]\n")
	var g globals
	e := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: v.getenv}
	root := newRoot(&g, e)
	root.SetArgs([]string{"--demo", "list", "-o", "ids"})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	o, _, cleanup, err := uiOptions(&g, e)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	want := map[catalog.Tab][]columns.Column{catalog.TabSnapshot: {columns.Name, columns.Size}, catalog.TabAll: {columns.ID}}
	if !reflect.DeepEqual(o.Columns, want) {
		t.Errorf("ui.Options.Columns = %v, want %v", o.Columns, want)
	}
	r := runCLI(t, v, "--demo", "list", "--type", "snapshot")
	if header, _, _ := strings.Cut(r.stdout, "\n"); r.code != exitOK || !strings.HasPrefix(header, "NAME") || !strings.Contains(header, "STATUS") || !strings.HasSuffix(header, "ID") {
		t.Errorf("list followed the config's columns: %q\n%s", header, r)
	}
}

// TestConfigLayout: the file's layout reaches the browser, and --layout
// beats it.
func TestConfigLayout(t *testing.T) {
	v, _ := writeConfig(t, "layout: split\n")
	for _, tt := range []struct {
		args []string
		want layout.Mode
	}{
		{[]string{"--demo", "list", "-o", "ids"}, layout.Split},
		{[]string{"--demo", "--layout", "list", "list", "-o", "ids"}, layout.List},
	} {
		var g globals
		e := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: v.getenv}
		root := newRoot(&g, e)
		root.SetArgs(tt.args)
		if err := root.ExecuteContext(context.Background()); err != nil {
			t.Fatal(err)
		}
		o, _, cleanup, err := uiOptions(&g, e)
		if err != nil {
			t.Fatal(err)
		}
		cleanup()
		if o.Layout != tt.want {
			t.Errorf("%v: ui.Options.Layout = %q, want %q", tt.args, o.Layout, tt.want)
		}
	}
	if r := runCLI(t, vars{}, "--demo", "--layout", "splt", "list"); r.code != exitUsage || !strings.Contains(r.stderr, `invalid --layout "splt"; valid values are auto, list, split`) {
		t.Errorf("a bad --layout: exit %d\n%s", r.code, r.stderr)
	}
}
