package ui

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the screen capture in README.md")

// TestREADMEScreen keeps the README's picture of the main screen true: it
// is the demo catalog as gcimg draws it, filtered for "ubuntu".
func TestREADMEScreen(t *testing.T) {
	const (
		path  = "../README.md"
		begin = "<!-- screen:begin"
		end   = "<!-- screen:end -->"
	)
	h := newHarness(t, fakeapi.DemoCatalog(), 100, 16)
	h.key("3", "/")
	h.typeText("ubuntu")
	h.key("enter")
	want := "\n```text\n" + strings.TrimRight(h.screen(), "\n") + "\n```\n\n"
	lines := strings.Split(want, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	want = strings.Join(lines, "\n")

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q section", begin, end)
	}
	i += strings.Index(readme[i:], "-->") + len("-->\n")
	if readme[i:j] == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile(path, []byte(readme[:i]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md screen capture is out of date: run go test ./ui -run TestREADMEScreen -update-readme\nwant:%s", want)
}
