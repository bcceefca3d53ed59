package keymap

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the keys table in README.md")

const (
	beginMark = "<!-- keys:begin"
	endMark   = "<!-- keys:end -->"
)

// TestREADMEKeys fails when the README's key table drifts from the keymap.
func TestREADMEKeys(t *testing.T) {
	const path = "../README.md"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i := strings.Index(readme, beginMark)
	j := strings.Index(readme, endMark)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q section", beginMark, endMark)
	}
	i += strings.Index(readme[i:], "-->") + len("-->\n")
	want := "\n" + Default().MarkdownTable() + "\n"
	if readme[i:j] == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile(path, []byte(readme[:i]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md keys table is out of date: run go test ./keymap -update-readme\nwant:\n%s", want)
}

// TestNoConflicts checks that no key does two things in one view, by
// the rules a config file is checked by.
func TestNoConflicts(t *testing.T) {
	k := Default()
	for _, c := range conflicts(&k, nil) {
		t.Error(c.err)
	}
}
