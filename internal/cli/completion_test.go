package cli

// Completion of flag values, as the shells ask for it: cobra's hidden
// __complete command, run in-process. internal/e2e loads the scripts
// into real shells.

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
)

// types are --type's values, spelled out here so that a type dropped
// from catalog.Tabs is noticed.
var types = []string{"all", "base-os", "cloud-image", "preconfigured", "snapshot"}

// TestCompleteFlagValues asks cobra's hidden __complete command, as every
// completion script does, for the values of every flag that has a fixed
// set of them.
func TestCompleteFlagValues(t *testing.T) {
	t.Parallel()
	if !slices.Contains(api.KnownRegions, "NORD-NO-KRS-1") || !slices.Contains(api.KnownRegions, "EUC-DE-MUC-1") {
		t.Fatalf("api.KnownRegions lacks a live region: %v", api.KnownRegions)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"--type", []string{"--type", ""}, types},
		{"--region", []string{"--region", ""}, api.KnownRegions},
		{"list --type", []string{"list", "--type", ""}, types},
		{"pick --region", []string{"pick", "--region", ""}, api.KnownRegions},
		{"--theme", []string{"--theme", ""}, []string{"auto", "dark", "light", "none"}},
		{"--clipboard", []string{"--clipboard", ""}, []string{"auto", "osc52", "tmux", "native", "off"}},
		{"pick --layout", []string{"pick", "--layout", ""}, []string{"auto", "list", "split"}},
		{"list -o", []string{"list", "-o", ""}, []string{"table", "tsv", "json", "ids", "slugs"}},
		{"pick --print", []string{"pick", "--print", ""}, []string{"id", "slug", "slug-version", "terraform", "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runCLI(t, vars{}, append([]string{"__complete"}, tt.args...)...)
			if res.code != exitOK {
				t.Fatalf("want exit 0:\n%s", res)
			}
			got, directive := completions(t, res.stdout)
			if !slices.Equal(sorted(got), sorted(tt.want)) {
				t.Errorf("completions %q, want %q", got, tt.want)
			}
			if directive != ":4" { // ShellCompDirectiveNoFileComp: no file names mixed in
				t.Errorf("directive %q, want :4 (no file completion)", directive)
			}
		})
	}

	// --columns completes the last name of its list, without a space
	// after it, leaving out the names given.
	for _, tt := range []struct {
		arg  string
		want []string
	}{
		{"name,s", []string{"name,slug", "name,status", "name,size"}},
		{"slug,name,", []string{"slug,name,family", "slug,name,type", "slug,name,id", "slug,name,regions", "slug,name,created",
			"slug,name,updated", "slug,name,status", "slug,name,size", "slug,name,os", "slug,name,versions"}},
		{"cr", []string{"created"}},
	} {
		res := runCLI(t, vars{}, "__complete", "list", "--columns", tt.arg)
		got, directive := completions(t, res.stdout)
		if !slices.Equal(sorted(got), sorted(tt.want)) || directive != ":6" { // NoFileComp | NoSpace
			t.Errorf("--columns %q: completions %q %s, want %q :6", tt.arg, got, directive, tt.want)
		}
	}

	// A broken config file stops gcimg from running, but not completion,
	// which it does not affect: otherwise every tab, and every shell that
	// loads the script at start, would fail.
	t.Run("with a broken config file", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		path := filepath.Join(dir, "gcimg", "config.yaml")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("keys:\n  list.down: [n]\n  list.filter: [n]\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		v := vars{"XDG_CONFIG_HOME": dir}
		if res := runCLI(t, v, "--demo", "list"); res.code != exitUsage {
			t.Fatalf("the broken config should stop gcimg list (exit 2):\n%s", res)
		}
		res := runCLI(t, v, "__complete", "--type", "")
		got, _ := completions(t, res.stdout)
		if res.code != exitOK || !slices.Equal(sorted(got), sorted(types)) {
			t.Errorf("__complete --type: got %q\n%s", got, res)
		}
		for _, shell := range []string{"bash", "fish", "zsh"} {
			if res := runCLI(t, v, "completion", shell); res.code != exitOK || !strings.Contains(res.stdout, "gcimg") {
				t.Errorf("completion %s with a broken config:\n%s", shell, res)
			}
		}
	})
}

// completions splits __complete's output into the values and the
// directive line (":4").
func completions(t *testing.T, out string) ([]string, string) {
	t.Helper()
	ls := lines(t, out)
	if len(ls) == 0 || !strings.HasPrefix(ls[len(ls)-1], ":") {
		t.Fatalf("no directive line in %q", out)
	}
	return ls[:len(ls)-1], ls[len(ls)-1]
}
