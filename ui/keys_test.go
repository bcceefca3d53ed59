package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/internal/config"
	"github.com/genesiscloud-tools/gcimg/theme"
)

// TestUserKeymapTakesEffect is the config issue's "done when": j/k
// rebound, q unbound, light theme, a default region.
func TestUserKeymapTakesEffect(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	body := "theme: light\nregion: NORD-NO-KRS-1\nkeys:\n  list.down: [n, down]\n  list.up: [e, up]\n  list.quit: []\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	km, err := cfg.KeyMap()
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, catalogWith(20), 100, 30, withOpts(func(o *Options) {
		o.Keys, o.Theme, o.Region = &km, theme.Mode(cfg.Theme), cfg.Region
	}))
	h.key("n", "n")
	if c := h.m.cur().list.Cursor(); c != 2 {
		t.Fatalf("cursor = %d after n n, want 2", c)
	}
	h.key("j") // no longer bound
	if c := h.m.cur().list.Cursor(); c != 2 {
		t.Fatalf("j still moves the cursor (%d)", c)
	}
	h.key("e")
	if c := h.m.cur().list.Cursor(); c != 1 {
		t.Fatalf("cursor = %d after e, want 1", c)
	}
	h.key("q")
	if h.quit {
		t.Fatal("q quit although the config unbinds it")
	}
	s := h.screen()
	lines := strings.Split(s, "\n")
	help := lines[len(lines)-1]
	if !strings.Contains(help, "n/↓") || strings.Contains(help, "q quit") {
		t.Errorf("help bar does not show the user's keys: %q", help)
	}
	if !strings.Contains(s, "region NORD-NO-KRS-1") {
		t.Errorf("the config's region is not applied:\n%s", s)
	}
	for _, r := range allRows(h.m.cur().rows) {
		if !r.E.Image.HasRegion("NORD-NO-KRS-1") {
			t.Fatalf("row %q outside the region", r.E.Name)
		}
	}
	if !strings.Contains(h.m.View().Content, "38;2;31;35;40") { // the light palette's foreground
		t.Error("the light theme's colours are not used")
	}
}
