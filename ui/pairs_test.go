package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// TestPairIndexBuiltBetweenKeys: a query of one character has its pair
// index built (off the event loop in the program, at once here), the
// next keystroke is answered from it with the rows and the screen that
// matching gives (the same query pasted, with no index), and a query
// that moves on drops it.
func TestPairIndexBuiltBetweenKeys(t *testing.T) {
	imgs := fakeapi.Generate(3000, 4)
	h := newHarness(t, imgs, 120, 30)
	h.key("/")
	h.typeText("u")
	if c0, ok := h.m.cur().rows.PairsOf(); !ok || c0 != 'u' {
		t.Fatalf("after %q: pair index of %q (%v), want one of 'u'", "u", c0, ok)
	}
	h.typeText("b")
	if _, ok := h.m.cur().rows.PairsOf(); !ok {
		t.Fatal("the pair index was dropped by the query it answers")
	}
	got := h.screen()

	fresh := newHarness(t, imgs, 120, 30)
	fresh.key("/")
	fresh.send(tea.PasteMsg{Content: "ub"})
	if _, ok := fresh.m.cur().rows.PairsOf(); ok {
		t.Fatal("a pasted query of two characters has a pair index")
	}
	if want := fresh.screen(); got != want {
		t.Fatalf("typed with the index:\n%s\npasted, without:\n%s", got, want)
	}

	h.typeText("u")
	if _, ok := h.m.cur().rows.PairsOf(); ok {
		t.Fatal("the pair index outlived the queries it answers")
	}
}
