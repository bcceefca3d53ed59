package ui

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the screen captures in README.md")

// TestREADMEScreen keeps the README's pictures of the browser true: the
// demo catalog as gcimg draws it, filtered for "ubuntu" at 100 columns,
// and with the preview beside the list at 160.
func TestREADMEScreen(t *testing.T) {
	const path = "../README.md"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	for _, c := range []struct {
		section string // the markers are <!-- section:begin … --> and <!-- section:end -->
		w, h    int
		filter  string
		keys    []string // after the filter
	}{
		{"screen", 100, 16, "ubuntu", nil},
		{"preview", 160, 22, "ubuntu ml", []string{"down", "down"}},
	} {
		h := newHarness(t, fakeapi.DemoCatalog(), c.w, c.h)
		h.key("3", "/")
		h.typeText(c.filter)
		h.key("enter")
		h.key(c.keys...)
		want := "\n```text\n" + strings.TrimRight(h.screen(), "\n") + "\n```\n\n"
		lines := strings.Split(want, "\n")
		for i := range lines {
			lines[i] = strings.TrimRight(lines[i], " ")
		}
		want = strings.Join(lines, "\n")

		begin, end := "<!-- "+c.section+":begin", "<!-- "+c.section+":end -->"
		i, j := strings.Index(readme, begin), strings.Index(readme, end)
		if i < 0 || j < i {
			t.Fatalf("README.md has no %q … %q section", begin, end)
		}
		i += strings.Index(readme[i:], "-->") + len("-->\n")
		if readme[i:j] == want {
			continue
		}
		if !*updateReadme {
			t.Errorf("README.md's %s capture is out of date: run go test ./ui -run TestREADMEScreen -update-readme\nwant:%s", c.section, want)
			continue
		}
		readme = readme[:i] + want + readme[j:]
	}
	if *updateReadme && readme != string(raw) {
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
